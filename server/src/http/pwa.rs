//! The service worker, served by the server so each build gets its own version and its
//! own list of files to keep for offline use.
use app::components::session::{SHELL_PATHS, SHELL_QUERY};
use app::sync::{PHONE_DB, PHOTO_STORE};
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use leptos::config::LeptosOptions;
use sha2::{Digest, Sha256};

use crate::digest::hex;

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
            .replace("[/*SHELLS*/]", &shells)
            .replace("__SHELL_QUERY__", SHELL_QUERY)
            .replace("__PHONE_DB__", PHONE_DB)
            .replace("__PHOTO_STORE__", PHOTO_STORE),
    )
}

/// The build's `/pkg` files: the hashed names the build recorded next to the binary, or else
/// what the site's pkg directory holds (a development build); then every screen's chunks,
/// as the build's split manifest names them, so each screen opens offline the first time.
pub fn build_assets(options: &LeptosOptions) -> Vec<String> {
    let pkg = format!("/{}", options.site_pkg_dir.trim_matches('/'));
    let site = std::path::Path::new(options.site_root.as_ref());
    let mut files = match app::scripts::build_hashes(options) {
        Some(hashes) => hashed_assets(&hashes, &pkg, &options.output_name),
        None => unhashed_assets(site, options, &pkg),
    };
    let manifest = files
        .iter()
        .find(|f| f.contains("__wasm_split_manifest"))
        .and_then(|f| std::fs::read_to_string(site.join(f.trim_start_matches('/'))).ok());
    if let Some(manifest) = manifest {
        files.extend(chunks(&manifest, &pkg));
    }
    files
}

/// A development build's pkg files, without the chunks (old builds' may still lie there).
fn unhashed_assets(site: &std::path::Path, options: &LeptosOptions, pkg: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(site.join(options.site_pkg_dir.as_ref()))
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

/// The wasm chunks a split manifest (`{"__<route>_view_<n>": [file stem, …]}`) names, each
/// once.
fn chunks(manifest: &str, pkg: &str) -> Vec<String> {
    let all: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_str(manifest).unwrap_or_default();
    let stems: std::collections::BTreeSet<&String> = all.values().flatten().collect();
    stems
        .into_iter()
        .map(|stem| format!("{pkg}/{stem}.wasm"))
        .collect()
}

/// The files named by the build's hash file (`kind: hash` lines). With split chunks it also
/// names the lazy-route loader, which the main script imports, and its prefetch map.
fn hashed_assets(hashes: &str, pkg: &str, output_name: &str) -> Vec<String> {
    app::scripts::hash_lines(hashes)
        .map(|(kind, hash)| match (kind, hash) {
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
    hex(hasher.finalize().get(..6).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::{chunks, hashed_assets};

    #[test]
    fn every_chunk_the_manifest_names_is_kept_once() {
        let manifest = r#"{"__entries_route_view_1":["chunk_1.A","split___entries_route_view_1.B"],
                           "__duty_route_view_1":["chunk_1.A","chunk_3.D"],
                           "__admin_route_view_1":["chunk_1.A","chunk_2.C"]}"#;
        assert_eq!(
            chunks(manifest, "/pkg"),
            [
                "/pkg/chunk_1.A.wasm",
                "/pkg/chunk_2.C.wasm",
                "/pkg/chunk_3.D.wasm",
                "/pkg/split___entries_route_view_1.B.wasm"
            ]
        );
        assert!(chunks("not json", "/pkg").is_empty());
    }

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
