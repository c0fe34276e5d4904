//! A page whose render stalls is rendered again. Under load, a page's body now and then never
//! completes: a resource's future that never resumes (leptos-rs/leptos#4647, open upstream;
//! BENCHMARKS.md "Hardening"), while a fresh render of the same request answers at once. So a
//! page has [`RENDER_DEADLINE`] to finish, and is then rendered once more.
use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// How long a page's render may take, body included, before it is given up and done again.
const RENDER_DEADLINE: Duration = Duration::from_secs(8);
/// The largest page body kept while it is rendered: far above any page's size.
const PAGE_BYTES: usize = 8 * 1024 * 1024;

/// Collects a page's whole body within the deadline; a render that misses it is done once
/// more, and a second miss is a 503 the browser may retry.
pub async fn render_again(request: Request, next: Next) -> Response {
    let page = request.method() == Method::GET && !request.uri().path().starts_with("/api/");
    if !page {
        return next.run(request).await;
    }
    let (parts, _) = request.into_parts();
    for attempt in 1..=2 {
        let again = Request::from_parts(parts.clone(), Body::empty());
        let rendered = tokio::time::timeout(RENDER_DEADLINE, async {
            let (head, body) = next.clone().run(again).await.into_parts();
            to_bytes(body, PAGE_BYTES).await.map(|bytes| (head, bytes))
        })
        .await;
        match rendered {
            Ok(Ok((head, bytes))) => return Response::from_parts(head, Body::from(bytes)),
            Ok(Err(e)) => {
                tracing::error!(path = parts.uri.path(), "page body failed: {e}");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            Err(_) => tracing::warn!(path = parts.uri.path(), attempt, "page render stalled"),
        }
    }
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "1")],
        "服务器繁忙，请稍后重试",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Router;
    use axum::middleware::from_fn;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    /// A page whose first `stalls` renders send their head and then never finish the body.
    fn app(stalls: usize) -> (Router, Arc<AtomicUsize>) {
        let renders = Arc::new(AtomicUsize::new(0));
        let counted = renders.clone();
        let page = move || {
            let n = counted.fetch_add(1, Ordering::SeqCst);
            async move {
                if n < stalls {
                    let never =
                        futures_util::stream::pending::<Result<bytes::Bytes, std::io::Error>>();
                    Body::from_stream(never).into_response()
                } else {
                    "<p>班务通</p>".into_response()
                }
            }
        };
        let router = Router::new()
            .route("/today", get(page.clone()))
            .route("/api/x", get(page))
            .route_layer(from_fn(render_again));
        (router, renders)
    }

    async fn get_page(router: Router, path: &str) -> (StatusCode, String) {
        let request = Request::get(path).body(Body::empty()).unwrap_or_default();
        let response = router.oneshot(request).await.unwrap_or_else(|e| match e {});
        let status = response.status();
        let body = to_bytes(response.into_body(), PAGE_BYTES)
            .await
            .unwrap_or_default();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_render_is_done_again() {
        let (router, renders) = app(1);
        assert_eq!(
            get_page(router, "/today").await,
            (StatusCode::OK, "<p>班务通</p>".into())
        );
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_page_that_stalls_twice_is_a_503_to_retry() {
        let (router, renders) = app(2);
        assert_eq!(
            get_page(router, "/today").await.0,
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_page_that_renders_is_rendered_once_and_the_api_is_left_alone() {
        let (router, renders) = app(0);
        assert_eq!(get_page(router.clone(), "/today").await.0, StatusCode::OK);
        assert_eq!(renders.load(Ordering::SeqCst), 1);
        let request = Request::get("/api/x")
            .body(Body::empty())
            .unwrap_or_default();
        let response = router.oneshot(request).await.unwrap_or_else(|e| match e {});
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }
}
