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

const USAGE: &str = "usage: cargo xtask site [--phone-only] [--named] | budget
  site    build the release server and site into target/ (as `cargo leptos build --release --split`);
          --phone-only keeps the server binary as last built, for iterating on the phone's code;
          --named keeps function names in the wasm, for profiles and bench/wasm-sizes.mjs
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
        Some("site") => match SiteOptions::from_args(std::env::args().skip(2)) {
            Some(options) => site(&layout, options),
            None => {
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

/// What `cargo xtask site` was asked for.
#[derive(Clone, Copy, Default)]
pub struct SiteOptions {
    /// Keep the server binary as last built.
    phone_only: bool,
    /// Keep function names in the optimised wasm.
    pub named: bool,
}

impl SiteOptions {
    /// The options from the flags after `site`; `None` for a flag it does not know.
    fn from_args(args: impl Iterator<Item = String>) -> Option<Self> {
        let mut options = SiteOptions::default();
        for arg in args {
            match arg.as_str() {
                "--phone-only" => options.phone_only = true,
                "--named" => options.named = true,
                _ => return None,
            }
        }
        Some(options)
    }
}

/// The wasm first (a screen that fails to compile fails fast), then the server; the site is
/// assembled beside the old one and swapped in whole.
fn site(layout: &Layout, options: SiteOptions) -> anyhow::Result<()> {
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
    if !options.phone_only {
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
    front::assemble(layout, &wasm, &stage, options)?;
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

#[cfg(test)]
mod tests {
    use super::SiteOptions;

    fn parse(args: &[&str]) -> Option<(bool, bool)> {
        SiteOptions::from_args(args.iter().map(|a| a.to_string())).map(|o| (o.phone_only, o.named))
    }

    #[test]
    fn site_takes_its_flags_in_any_order_and_refuses_others() {
        assert_eq!(parse(&[]), Some((false, false)));
        assert_eq!(parse(&["--named", "--phone-only"]), Some((true, true)));
        assert_eq!(parse(&["--phone-only"]), Some((true, false)));
        assert_eq!(parse(&["--phone-only", "--fast"]), None);
    }
}
