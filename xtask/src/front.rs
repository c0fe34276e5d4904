//! The phone's files from the compiled wasm: split into the main module and one chunk per
//! lazy screen, bound to JavaScript, optimised, minified, with the stylesheet beside them.
use crate::tools::{npm_tool, on_every_core, run, run_quietly, say};
use crate::{Layout, SiteOptions};
use anyhow::Context;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The site's directory of build files (`site-pkg-dir`).
pub const PKG: &str = "pkg";
/// The name leptos loads the main module and stylesheet by (`output-name`).
pub const OUTPUT_NAME: &str = "homeroom";
/// The lazy-chunk loader's name until the hashing step names it; the wasm imports it by
/// this name, so its replacement must keep the length.
pub const LOADER_PLACEHOLDER: &str = "__wasm_split.______________________.js";
/// Which chunks each lazy screen needs, read by leptos to preload them.
pub const MANIFEST: &str = "__wasm_split_manifest.json";
/// Smaller modules (most shared chunks are a few hundred bytes) are left as they are: each
/// wasm-opt run starts a Node process, which costs more than it could save.
const WORTH_OPTIMISING: u64 = 2048;

/// Writes `stage/pkg`: the main module, the chunks, their loader and manifest, the bound
/// JavaScript and the stylesheet.
pub fn assemble(
    layout: &Layout,
    wasm: &Path,
    stage: &Path,
    options: SiteOptions,
) -> anyhow::Result<()> {
    let pkg = stage.join(PKG);
    std::fs::create_dir_all(&pkg)?;
    let main = stage.join("main_split.wasm");
    let mut chunks = split(wasm, &pkg, &main)?;
    bindgen(&main, &pkg)?;
    std::fs::remove_file(&main)?;
    let bound = pkg.join(format!("{OUTPUT_NAME}.wasm"));
    std::fs::rename(pkg.join(format!("{OUTPUT_NAME}_bg.wasm")), &bound)?;
    chunks.push(bound);
    chunks.retain(|module| std::fs::metadata(module).is_ok_and(|m| m.len() >= WORTH_OPTIMISING));
    optimise(layout, &mut chunks, options.named)?;
    let esbuild = npm_tool(layout, "esbuild");
    for js in [
        OUTPUT_NAME.to_string() + ".js",
        LOADER_PLACEHOLDER.to_string(),
    ] {
        let js = pkg.join(js);
        run(Command::new(&esbuild)
            .arg(&js)
            .args([
                "--minify",
                "--format=esm",
                "--allow-overwrite",
                "--log-level=warning",
            ])
            // wasm-bindgen lists the chunk loader once per import; the keys agree.
            .arg("--log-override:duplicate-object-key=silent")
            .arg(format!("--outfile={}", js.display())))?;
    }
    run(Command::new(&esbuild)
        .arg(layout.root.join("style/main.css"))
        .args(["--bundle", "--minify", "--log-level=warning"])
        .arg(format!(
            "--outfile={}",
            pkg.join(format!("{OUTPUT_NAME}.css")).display()
        )))
}

/// Splits the lazy screens out of the module (their code in chunks under `pkg`, the rest
/// in `main`) and writes the manifest; returns the chunks.
fn split(wasm: &Path, pkg: &Path, main: &Path) -> anyhow::Result<Vec<PathBuf>> {
    say("splitting the lazy screens out of the wasm");
    let input = std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let main_module = format!("./{OUTPUT_NAME}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = pkg;
    options.main_out_path = main;
    options.main_module = &main_module;
    let link_name = format!("./{LOADER_PLACEHOLDER}");
    options.link_name = &link_name;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| anyhow::anyhow!("splitting the wasm: {e:#}"))?;
    let manifest: BTreeMap<_, _> = split.prefetch_map.into_iter().collect();
    std::fs::write(pkg.join(MANIFEST), serde_json::to_string_pretty(&manifest)?)?;
    Ok(split.split_modules)
}

/// wasm-bindgen's JavaScript for the main module, keeping the exports the chunks link to.
fn bindgen(main: &Path, pkg: &Path) -> anyhow::Result<()> {
    say("generating the JavaScript bindings");
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(main)
        .out_name(OUTPUT_NAME)
        .web(true)?
        .typescript(false)
        .keep_lld_exports(true)
        .demangle(false)
        .generate(pkg)
}

/// `wasm-opt -Oz` on every module, the largest first; `-g` keeps the names when `named`.
fn optimise(layout: &Layout, modules: &mut [PathBuf], named: bool) -> anyhow::Result<()> {
    say(&format!(
        "optimising {} wasm modules for size",
        modules.len()
    ));
    let wasm_opt = npm_tool(layout, "wasm-opt");
    modules.sort_by_key(|m| std::cmp::Reverse(std::fs::metadata(m).map_or(0, |m| m.len())));
    on_every_core(modules, |module| {
        run_quietly(
            Command::new(&wasm_opt)
                .args([
                    "-Oz",
                    "--enable-bulk-memory",
                    "--enable-nontrapping-float-to-int",
                ])
                .args(named.then_some("-g"))
                .arg(module)
                .arg("-o")
                .arg(module),
        )
    })
}
