//! The build's static files. Names carrying a content hash never change their bytes, so they
//! are cached for a year; `cargo xtask site` compresses them once at build time (brotli at its
//! highest quality, gzip -9) and the static handler serves those copies instead of compressing.
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// A year, and never revalidated: the name changes when the bytes do.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Marks a hashed build output (`/pkg/homeroom.<hash>.wasm`, `/pkg/chunk_7.<hash>.wasm` …)
/// as immutable; anything else keeps its own caching.
pub async fn cache_hashed(req: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(req.uri().path());
    let mut response = next.run(req).await;
    if hashed && response.status() == StatusCode::OK {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    }
    response
}

/// True for a file under `/pkg/` whose name has a content hash between its stem and its
/// extension: 22 URL-safe characters, the hex that `cargo xtask site` writes or the base64 of
/// cargo-leptos.
fn is_hashed_asset(path: &str) -> bool {
    let Some(name) = path.strip_prefix("/pkg/") else {
        return false;
    };
    // Between the stem and the extension.
    let mut middle: Vec<&str> = name.split('.').skip(1).collect();
    middle.pop();
    !name.contains('/')
        && middle.iter().any(|part| {
            part.len() == 22
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_hashed_build_outputs_are_immutable() {
        for hashed in [
            "/pkg/homeroom.R3wN8ofUBwXMBZN1Iqw2OA.wasm",
            "/pkg/chunk_100.v3SL46a-7idQYVFFK3MOVA.wasm",
            "/pkg/__wasm_split._t7L1lHKIM76dry3LcQe1A.js",
            "/pkg/homeroom.R3wN8ofUBwXMBZN1Iqw2OA.css",
            "/pkg/homeroom.3455df97fd34a808ec3cbd.wasm",
            "/pkg/__wasm_split.3455df97fd34a808ec3cbd.js",
        ] {
            assert!(is_hashed_asset(hashed), "{hashed}");
        }
        for plain in [
            "/pkg/homeroom.wasm",
            "/pkg/homeroom.js",
            "/sw.js",
            "/today",
            "/pkg/a/homeroom.R3wN8ofUBwXMBZN1Iqw2OA.wasm",
            "/pkg/homeroom.R3wN8ofUBwXMBZN1Iqw2O!.wasm",
            "/favicon.ico",
        ] {
            assert!(!is_hashed_asset(plain), "{plain}");
        }
    }
}
