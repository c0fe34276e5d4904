//! The service worker, served by the server so each build gets its own version and its
//! own list of files to keep for offline use.
use app::components::session::SHELL_PATHS;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use leptos::config::LeptosOptions;
use sha2::{Digest, Sha256};

const TEMPLATE: &str = include_str!("sw.js");

/// The worker script for this build, never cached by the browser's HTTP cache.
pub async fn service_worker(State(options): State<LeptosOptions>) -> impl IntoResponse {
    let assets = build_assets(&options);
    let list = serde_json::to_string(&assets).unwrap_or_else(|_| "[]".into());
    let shells = serde_json::to_string(&SHELL_PATHS).unwrap_or_else(|_| "[]".into());
    (
        [
            (
                header::CONTENT_TYPE,
                "application/javascript; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        TEMPLATE
            .replace("__VERSION__", &version_of(&assets, &options))
            .replace("[/*BUILD_ASSETS*/]", &list)
            .replace("[/*SHELLS*/]", &shells),
    )
}

/// The build's `/pkg` files the offline screens need: the hashed names cargo-leptos
/// recorded next to the binary, or else what the site's pkg directory holds (a development
/// build). The lazy routes' chunks are left out: those screens need the network anyway.
pub fn build_assets(options: &LeptosOptions) -> Vec<String> {
    let pkg = format!("/{}", options.site_pkg_dir.trim_matches('/'));
    let hashes = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
        .and_then(|path| std::fs::read_to_string(path).ok());
    if let Some(hashes) = hashes {
        return hashed_assets(&hashes, &pkg, &options.output_name);
    }
    let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| !name.starts_with("chunk_") && !name.starts_with("split_"))
        .map(|name| format!("{pkg}/{name}"))
        .collect();
    files.sort();
    files
}

/// The files named by cargo-leptos's hash file (`kind: hash` lines). With `--split` it also
/// names the lazy-route loader, which the main script imports, and its prefetch map.
fn hashed_assets(hashes: &str, pkg: &str, output_name: &str) -> Vec<String> {
    hashes
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(kind, hash)| match (kind.trim(), hash.trim()) {
            ("split", hash) => format!("{pkg}/__wasm_split.{hash}.js"),
            ("manifest", hash) => format!("{pkg}/__wasm_split_manifest.{hash}.json"),
            (ext, hash) => format!("{pkg}/{output_name}.{hash}.{ext}"),
        })
        .collect()
}

/// A short id of the build: its file names, and for an unhashed build their sizes and times.
fn version_of(assets: &[String], options: &LeptosOptions) -> String {
    let mut hasher = Sha256::new();
    for asset in assets {
        hasher.update(asset.as_bytes());
        let path =
            std::path::Path::new(options.site_root.as_ref()).join(asset.trim_start_matches('/'));
        if let Ok(meta) = std::fs::metadata(path) {
            hasher.update(meta.len().to_le_bytes());
            if let Ok(modified) = meta.modified() {
                hasher.update(format!("{modified:?}").as_bytes());
            }
        }
    }
    hasher
        .finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::hashed_assets;

    #[test]
    fn a_split_build_keeps_the_loader_and_its_map_under_their_own_names() {
        let hashes = "js: J\nwasm: W\ncss: C\nmanifest: M\nsplit: S\n";
        assert_eq!(
            hashed_assets(hashes, "/pkg", "homeroom"),
            [
                "/pkg/homeroom.J.js",
                "/pkg/homeroom.W.wasm",
                "/pkg/homeroom.C.css",
                "/pkg/__wasm_split_manifest.M.json",
                "/pkg/__wasm_split.S.js",
            ]
        );
    }
}
