//! The script that brings a server-rendered page to life, and the build's record of the file
//! names it loads. Leptos's own `HydrationScripts` preloads the code in the page's head,
//! which puts half a megabyte of wasm before the first paint (BENCHMARKS.md, Lighthouse).
use leptos::config::LeptosOptions;
use leptos::prelude::*;

/// Starts the phone's code once the browser reports the first contentful paint, so the
/// server's HTML and stylesheet reach the screen without sharing a slow line with the code.
/// The page's forms work before it. A page off screen (it paints nothing) starts at once,
/// and one that never paints content after 3 s.
#[component]
pub fn PaintFirstScripts(options: LeptosOptions) -> impl IntoView {
    let pkg = format!("/{}", options.site_pkg_dir.trim_matches('/'));
    let hashes = build_hashes(&options);
    let file = |kind: &str| match hashes.as_deref().and_then(|h| hash_of(h, kind)) {
        Some(hash) => format!("{pkg}/{}.{hash}.{kind}", options.output_name),
        None => format!("{pkg}/{}.{kind}", options.output_name),
    };
    let call = format!(
        "{}({:?}, {:?});",
        include_str!("scripts.js").trim_end(),
        file("js"),
        file("wasm"),
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{call}</script> }
}

/// The hash file the build wrote beside the server binary (`kind: hash` lines), if any.
pub fn build_hashes(options: &LeptosOptions) -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    std::fs::read_to_string(exe.parent()?.join(options.hash_file.as_ref())).ok()
}

/// Each kind of file the hash file names (`js`, `wasm`, `css`, `split` …) with its hash.
pub fn hash_lines(hashes: &str) -> impl Iterator<Item = (&str, &str)> {
    hashes
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(kind, hash)| (kind.trim(), hash.trim()))
}

/// The hash the build recorded for one kind of file.
fn hash_of<'a>(hashes: &'a str, kind: &str) -> Option<&'a str> {
    hash_lines(hashes)
        .find(|(k, _)| *k == kind)
        .map(|(_, hash)| hash)
}

#[cfg(test)]
mod tests {
    use super::hash_of;

    #[test]
    fn each_kind_of_file_has_its_own_hash() {
        let hashes = "js: J1\nwasm: J1\ncss: C2\nsplit: J1\n";
        assert_eq!(hash_of(hashes, "css"), Some("C2"));
        assert_eq!(hash_of(hashes, "js"), Some("J1"));
        assert_eq!(hash_of(hashes, "manifest"), None);
        assert_eq!(hash_of("not a hash file", "js"), None);
    }
}
