//! Browser-facing protections: security headers and the same-origin check on writes.
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Refuses a state-changing request that a browser says comes from another site.
/// Browsers send `Sec-Fetch-Site` and `Origin` on every POST; non-browser clients
/// (the sync client, load tools) send neither and cannot carry a victim's cookie.
pub async fn same_origin(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || is_same_origin(req.headers()) {
        next.run(req).await
    } else {
        (
            StatusCode::FORBIDDEN,
            Json(json!({"error": "cross_origin", "message": "拒绝来自其他网站的请求"})),
        )
            .into_response()
    }
}

fn is_same_origin(headers: &HeaderMap) -> bool {
    let text = |name: HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(HeaderName::from_static("sec-fetch-site")) {
        return matches!(site, "same-origin" | "none");
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest == host),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// Headers every response carries (the page CSP with its nonce is set by the shell).
pub fn headers() -> [(HeaderName, HeaderValue); 5] {
    [
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(self), microphone=(), geolocation=()"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (HeaderName::from_static(k), HeaderValue::from_static(v)))
            .collect()
    }

    #[test]
    fn cross_site_posts_are_refused_and_same_site_ones_pass() {
        assert!(!is_same_origin(&h(&[("sec-fetch-site", "cross-site")])));
        assert!(is_same_origin(&h(&[("sec-fetch-site", "same-origin")])));
        assert!(!is_same_origin(&h(&[
            ("origin", "https://evil.example"),
            ("host", "school.cn")
        ])));
        assert!(is_same_origin(&h(&[
            ("origin", "https://school.cn"),
            ("host", "school.cn")
        ])));
        assert!(is_same_origin(&h(&[])));
    }
}
