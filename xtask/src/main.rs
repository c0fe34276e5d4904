//! The project's own build steps: the release site (server, wasm split into lazy chunks,
//! content-hashed names, precompressed copies) without installing cargo-leptos, and the
//! size budgets the phone's first load is held to.
mod budget;
mod compress;
mod front;
mod names;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask site [--phone-only] | budget
  site    build the release server and site into target/ (as `cargo leptos build --release --split`);
          --phone-only keeps the server binary as last built, for iterating on the phone's code
  budget  check the built site's brotli sizes against the first-load budgets";

/// Where the workspace and its build output live.
pub struct Layout {
    pub root: PathBuf,
    pub target: PathBuf,
}

impl Layout {
    fn here() -> Self {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(PathBuf::from)
            .unwrap_or_default();
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        Layout { root, target }
    }

    /// The directory the server serves (`LEPTOS_SITE_ROOT`).
    pub fn site(&self) -> PathBuf {
        self.target.join("site")
    }

    /// Leptos reads the hashed names from this file next to the server binary.
    pub fn hash_file(&self) -> PathBuf {
        self.target.join("release").join("hash.txt")
    }
}

fn main() -> ExitCode {
    let layout = Layout::here();
    let outcome = match std::env::args().nth(1).as_deref() {
        Some("site") => match std::env::args().nth(2).as_deref() {
            None => site(&layout, false),
            Some("--phone-only") => site(&layout, true),
            Some(_) => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        Some("budget") => budget::check(&layout),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The wasm first (a screen that fails to compile fails fast), then the server; the site is
/// assembled beside the old one and swapped in whole.
fn site(layout: &Layout, phone_only: bool) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    tools::cargo(
        layout,
        &[
            "build",
            "--package=frontend",
            "--lib",
            "--target=wasm32-unknown-unknown",
            "--profile=wasm-release",
        ],
    )?;
    let wasm_built = started.elapsed();
    if !phone_only {
        tools::cargo(
            layout,
            &["build", "--package=homeroom", "--bin=homeroom", "--release"],
        )?;
    }
    let server_built = started.elapsed();
    let stage = layout.target.join("site-next");
    if stage.exists() {
        std::fs::remove_dir_all(&stage)?;
    }
    let wasm = layout
        .target
        .join("wasm32-unknown-unknown/wasm-release/frontend.wasm");
    front::assemble(layout, &wasm, &stage)?;
    let assembled = started.elapsed();
    let hashes = names::hash_and_rename(&stage.join(front::PKG))?;
    tools::copy_dir(&layout.root.join("public"), &stage)?;
    compress::site(&stage)?;
    let site = layout.site();
    if site.exists() {
        std::fs::remove_dir_all(&site)?;
    }
    std::fs::rename(&stage, &site)?;
    std::fs::write(layout.hash_file(), hashes)?;
    tools::say(&format!(
        "site ready in {} (wasm {} s, server {} s, split to optimised {} s, named and compressed {} s)",
        site.display(),
        wasm_built.as_secs(),
        (server_built - wasm_built).as_secs(),
        (assembled - server_built).as_secs(),
        (started.elapsed() - assembled).as_secs()
    ));
    Ok(())
}
