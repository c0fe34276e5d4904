//! Generates the typed translation module from `locales/*.json` (leptos_i18n);
//! `interpolate_display` lets messages with values be built as plain strings.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?).join("i18n");
    let options = ParseOptions::new().interpolate_display(true);
    let config = Config::new("zh")?.add_locale("en")?.parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out.clone())?;
    // The generated module parses its own locale tags with `expect`: constants, not input.
    let module = out.join("mod.rs");
    let text = std::fs::read_to_string(&module)?;
    let allowed = text.replacen(
        "pub mod i18n {",
        "pub mod i18n { #![allow(clippy::expect_used)]",
        1,
    );
    std::fs::write(&module, allowed)?;
    Ok(())
}
