//! What a phone downloads on a weak connection before Homeroom works, held to budgets in
//! brotli bytes (the copies the server sends; BENCHMARKS.md has the figures).
use crate::Layout;
use crate::front::{OUTPUT_NAME, PKG};
use crate::names;
use anyhow::{Context, bail};
use std::collections::BTreeMap;
use std::path::Path;

/// The shell every page loads: main wasm, its script, the chunk loader and the stylesheet.
/// Today, home and login are still in it; issue 12's target is 300,000. 518,000 since a check
/// entry's evidence photo (issue 13; BENCHMARKS.md, "Evidence photos").
const MAIN: u64 = 518_000;
/// The shell and the chunks of Today, the screen a teacher opens first (target 400,000).
const FIRST_VISIT: u64 = 518_000;
/// One lazy screen's chunk (the photo field is shared by two screens, so in chunks of its own).
const CHUNK: u64 = 60_000;
/// The lazy route a teacher lands on, as the split manifest names its entry.
const LANDING: &str = "__today_route";

/// Fails when the built site is over a budget, listing what it measured.
pub fn check(layout: &Layout) -> anyhow::Result<()> {
    let hashes = std::fs::read_to_string(layout.hash_file())
        .context("no hash file: build the site first (cargo xtask site)")?;
    let hash = |kind: &str| {
        hashes
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim() == kind)
            .map(|(_, h)| h.trim().to_string())
            .with_context(|| format!("the hash file names no {kind}"))
    };
    let (code, css) = (hash("js")?, hash("css")?);
    let pkg = layout.site().join(PKG);
    let shell = [
        format!("{OUTPUT_NAME}.{code}.wasm"),
        format!("{OUTPUT_NAME}.{code}.js"),
        names::renamed_loader(&code),
        format!("{OUTPUT_NAME}.{css}.css"),
    ];
    let main = shell
        .iter()
        .map(|f| on_wire(&pkg, f))
        .sum::<anyhow::Result<u64>>()?;
    let manifest: BTreeMap<String, Vec<String>> = serde_json::from_slice(&std::fs::read(
        pkg.join(format!("__wasm_split_manifest.{code}.json")),
    )?)?;
    let landing: std::collections::BTreeSet<&String> = manifest
        .iter()
        .filter(|(screen, _)| screen.starts_with(LANDING))
        .flat_map(|(_, stems)| stems)
        .collect();
    let first_visit = main
        + landing
            .iter()
            .map(|stem| on_wire(&pkg, &format!("{stem}.wasm")))
            .sum::<anyhow::Result<u64>>()?;
    let mut over = Vec::new();
    println!("main wasm + JS + CSS: {main} bytes brotli (budget {MAIN})");
    if main > MAIN {
        over.push("the main module");
    }
    println!("first visit of /today: {first_visit} bytes brotli (budget {FIRST_VISIT})");
    if first_visit > FIRST_VISIT {
        over.push("the first visit of /today");
    }
    let mut chunks: Vec<(u64, String)> = manifest
        .values()
        .flatten()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|stem| Ok((on_wire(&pkg, &format!("{stem}.wasm"))?, stem.clone())))
        .collect::<anyhow::Result<_>>()?;
    chunks.sort();
    if let Some((largest, stem)) = chunks.last() {
        println!(
            "{} lazy chunks, the largest {stem}: {largest} bytes brotli (budget {CHUNK} each)",
            chunks.len()
        );
        if *largest > CHUNK {
            over.push("a lazy chunk");
        }
    }
    if !over.is_empty() {
        bail!("over the size budget: {}", over.join(", "));
    }
    Ok(())
}

/// A file's size as sent: its brotli copy, or the file itself when too small to have one.
fn on_wire(pkg: &Path, name: &str) -> anyhow::Result<u64> {
    let file = pkg.join(name);
    let br = pkg.join(format!("{name}.br"));
    Ok(std::fs::metadata(&br)
        .or_else(|_| std::fs::metadata(&file))
        .with_context(|| format!("{} is missing", file.display()))?
        .len())
}
