//! Browser-facing protections: security headers and the same-origin check on writes.
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The scheme the site is served under, for comparing with a browser's `Origin`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteScheme {
    Http,
    Https,
    /// Behind a trusted proxy: its `X-Forwarded-Proto`, else http.
    Forwarded,
}

impl SiteScheme {
    /// The scheme settings imply: a trusted proxy says; secure cookies mean https.
    pub fn from_settings(trust_proxy: bool, secure_cookies: bool) -> SiteScheme {
        match (trust_proxy, secure_cookies) {
            (true, _) => SiteScheme::Forwarded,
            (false, true) => SiteScheme::Https,
            (false, false) => SiteScheme::Http,
        }
    }

    fn of(self, headers: &HeaderMap) -> &str {
        match self {
            SiteScheme::Http => "http",
            SiteScheme::Https => "https",
            SiteScheme::Forwarded => headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .map_or("http", str::trim),
        }
    }
}

/// Refuses a state-changing request that a browser says comes from another site.
/// Browsers send `Sec-Fetch-Site` and `Origin` on every POST; non-browser clients
/// (the sync client, load tools) send neither and cannot carry a victim's cookie.
pub async fn same_origin(
    axum::extract::State(scheme): axum::extract::State<SiteScheme>,
    req: Request,
    next: Next,
) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || is_same_origin(req.headers(), scheme) {
        next.run(req).await
    } else {
        (
            StatusCode::FORBIDDEN,
            Json(json!({"error": "cross_origin", "message": "拒绝来自其他网站的请求"})),
        )
            .into_response()
    }
}

/// Same origin means the same scheme, host and port: `Origin` must be exactly this site.
fn is_same_origin(headers: &HeaderMap, scheme: SiteScheme) -> bool {
    let text = |name: HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(HeaderName::from_static("sec-fetch-site")) {
        return matches!(site, "same-origin" | "none");
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (Some(origin), Some(host)) => {
            origin.eq_ignore_ascii_case(&format!("{}://{host}", scheme.of(headers)))
        }
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// Pages and API answers of the signed-in app say `private, no-store`, so no browser or
/// proxy cache keeps a child's data; the offline shells, which carry none, say `no-cache`.
pub async fn private_by_default(req: Request, next: Next) -> Response {
    let shell = app::components::session::is_shell(req.uri().path(), req.uri().query());
    let mut response = next.run(req).await;
    let policy = if shell {
        "no-cache"
    } else {
        "private, no-store"
    };
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy));
    response
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
        let https = SiteScheme::Https;
        assert!(!is_same_origin(
            &h(&[("sec-fetch-site", "cross-site")]),
            https
        ));
        assert!(is_same_origin(
            &h(&[("sec-fetch-site", "same-origin")]),
            https
        ));
        assert!(!is_same_origin(
            &h(&[("origin", "https://evil.example"), ("host", "school.cn")]),
            https
        ));
        assert!(is_same_origin(
            &h(&[("origin", "https://school.cn"), ("host", "school.cn")]),
            https
        ));
        assert!(is_same_origin(&h(&[]), https));
    }

    #[test]
    fn another_scheme_or_port_is_another_origin() {
        let site = h(&[
            ("origin", "https://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(!is_same_origin(&site, SiteScheme::Http));
        assert!(is_same_origin(&site, SiteScheme::Https));
        let port = h(&[
            ("origin", "http://127.0.0.1:3001"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(!is_same_origin(&port, SiteScheme::Http));
        let proxied = h(&[
            ("origin", "https://school.cn"),
            ("host", "school.cn"),
            ("x-forwarded-proto", "https"),
        ]);
        assert!(is_same_origin(&proxied, SiteScheme::Forwarded));
        assert!(!is_same_origin(&proxied, SiteScheme::Http));
    }
}
