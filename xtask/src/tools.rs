//! The commands the build runs: cargo, and the npm-installed wasm-opt and esbuild.
use crate::Layout;
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Prints a step the way `./dev.sh` does.
pub fn say(step: &str) {
    println!("\x1b[1m==> {step}\x1b[0m");
}

/// Runs cargo in the workspace with the output shown.
pub fn cargo(layout: &Layout, args: &[&str]) -> anyhow::Result<()> {
    say(&format!("cargo {}", args.join(" ")));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    run(Command::new(cargo).args(args).current_dir(&layout.root))
}

/// A tool from `end2end/node_modules/.bin` (where `npm ci` puts it), or else from `PATH`.
pub fn npm_tool(layout: &Layout, name: &str) -> PathBuf {
    let local = layout.root.join("end2end/node_modules/.bin").join(name);
    if local.exists() { local } else { name.into() }
}

/// Runs a command to completion; a failure names it.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    let status = command
        .status()
        .with_context(|| format!("could not start {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed: {status}");
    }
    Ok(())
}

/// Runs a command with its output held back unless it fails (wasm-opt warns about every
/// name section lld writes).
pub fn run_quietly(command: &mut Command) -> anyhow::Result<()> {
    let output = command
        .output()
        .with_context(|| format!("could not start {command:?}"))?;
    if !output.status.success() {
        bail!(
            "{command:?} failed: {}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// Copies a directory tree's files into `to`, merging with what is there.
pub fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&dest)?;
            copy_dir(&entry.path(), &dest)?;
        } else {
            std::fs::copy(entry.path(), &dest)?;
        }
    }
    Ok(())
}

/// Every file under `dir`, sorted, so what is built from them does not depend on the order
/// the file system lists them in.
pub fn files_under(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(files_under(&path)?);
        } else {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Runs `work` on each item on every core, taking the next item as a core comes free: with
/// the largest first, the longest job (the main module) does not start last.
pub fn on_every_core<T: Sync>(
    items: &[T],
    work: impl Fn(&T) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<()> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let lanes = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|scope| {
        let lanes: Vec<_> = (0..lanes)
            .map(|_| {
                scope.spawn(|| {
                    while let Some(item) =
                        items.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                    {
                        work(item)?;
                    }
                    Ok(())
                })
            })
            .collect();
        lanes.into_iter().try_for_each(|lane| {
            lane.join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("a build thread stopped")))
        })
    })
}
