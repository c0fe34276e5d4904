//! Content-hashed file names, so a phone may keep each build file forever: a new build's
//! files have new names.
//!
//! The code files name each other in a circle (the main script imports the chunk loader,
//! the loader imports the main script and names the chunks, the chunks import the loader),
//! so no one file's hash can name another. They all take one hash of the code files
//! together; the stylesheet takes its own.
use crate::front::{LOADER_PLACEHOLDER, MANIFEST, OUTPUT_NAME};
use crate::tools::files_under;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// The length of the loader placeholder's hash part (its run of `_`), which the wasm binaries
/// hold: every hash is this long.
const HASH_LEN: usize = LOADER_PLACEHOLDER.len() - "__wasm_split..js".len();

/// Renames the files in `pkg` to their hashed names, rewrites the references between them
/// and returns the hash file leptos reads (`kind: hash` lines).
pub fn hash_and_rename(pkg: &Path) -> anyhow::Result<String> {
    let css_name = format!("{OUTPUT_NAME}.css");
    let mut code = Sha256::new();
    let mut renames = BTreeMap::new();
    for file in files_under(pkg)? {
        let name = relative(pkg, &file);
        if name == css_name || name.starts_with("snippets/") {
            continue;
        }
        code.update(name.as_bytes());
        code.update(std::fs::read(&file)?);
        renames.insert(name, String::new());
    }
    let code = short(code);
    for (old, new) in &mut renames {
        *new = hashed_name(old, &code);
    }
    for (old, new) in &renames {
        let path = pkg.join(old);
        let bytes = std::fs::read(&path)?;
        let bytes = if old.ends_with(".wasm") {
            replace_same_length(
                bytes,
                LOADER_PLACEHOLDER.as_bytes(),
                renamed_loader(&code).as_bytes(),
            )
        } else if old == MANIFEST {
            manifest(&bytes, &code)?.into_bytes()
        } else {
            references(&String::from_utf8(bytes)?, &renames).into_bytes()
        };
        std::fs::write(pkg.join(new), bytes)?;
        std::fs::remove_file(path)?;
    }
    let css = pkg.join(&css_name);
    let css_hash = short(Sha256::new_with_prefix(std::fs::read(&css)?));
    std::fs::rename(&css, pkg.join(hashed_name(&css_name, &css_hash)))?;
    Ok(format!(
        "js: {code}\nwasm: {code}\ncss: {css_hash}\nmanifest: {code}\nsplit: {code}\n"
    ))
}

fn relative(pkg: &Path, file: &Path) -> String {
    file.strip_prefix(pkg)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The first bytes of a SHA-256 in hex, as long as the loader placeholder's hash part.
fn short(hasher: Sha256) -> String {
    hasher
        .finalize()
        .iter()
        .take(HASH_LEN / 2)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The chunk loader's name in a build whose code hash is `hash`.
pub fn renamed_loader(hash: &str) -> String {
    format!("__wasm_split.{hash}.js")
}

/// `stem.ext` becomes `stem.hash.ext`; the loader's placeholder becomes the hash.
fn hashed_name(name: &str, hash: &str) -> String {
    if name == LOADER_PLACEHOLDER {
        return renamed_loader(hash);
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

/// A script's quoted `./name` references to renamed files, renamed.
fn references(script: &str, renames: &BTreeMap<String, String>) -> String {
    let mut script = script.to_string();
    for (old, new) in renames {
        for quote in ['"', '\''] {
            script = script.replace(
                &format!("{quote}./{old}{quote}"),
                &format!("{quote}./{new}{quote}"),
            );
        }
    }
    script
}

/// The manifest (`{"screen": ["chunk stem", …]}`) with the chunks' hashed stems.
fn manifest(json: &[u8], hash: &str) -> anyhow::Result<String> {
    let map: BTreeMap<String, Vec<String>> = serde_json::from_slice(json)?;
    let map: BTreeMap<_, Vec<_>> = map
        .into_iter()
        .map(|(screen, stems)| {
            (
                screen,
                stems.iter().map(|s| format!("{s}.{hash}")).collect(),
            )
        })
        .collect();
    Ok(serde_json::to_string(&map)?)
}

/// Every occurrence of `from` replaced by the equally long `to`: a wasm import name sits
/// behind its length, so only a same-length replacement keeps the binary valid.
fn replace_same_length(mut bytes: Vec<u8>, from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.len() != to.len() || from.is_empty() {
        return bytes;
    }
    let mut at = 0;
    while let Some(found) = bytes
        .get(at..)
        .and_then(|rest| rest.windows(from.len()).position(|w| w == from))
    {
        let start = at + found;
        if let Some(slot) = bytes.get_mut(start..start + to.len()) {
            slot.copy_from_slice(to);
        }
        at = start + to.len();
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_file_takes_the_one_code_hash_and_the_loader_keeps_its_length() {
        assert_eq!(hashed_name("chunk_1.wasm", "h"), "chunk_1.h.wasm");
        assert_eq!(hashed_name("homeroom.js", "h"), "homeroom.h.js");
        assert_eq!(HASH_LEN, 22);
        let loader = hashed_name(LOADER_PLACEHOLDER, &"a".repeat(HASH_LEN));
        assert_eq!(loader.len(), LOADER_PLACEHOLDER.len());
    }

    #[test]
    fn references_are_renamed_only_where_a_script_quotes_a_whole_name() {
        let renames = BTreeMap::from([
            ("chunk_1.wasm".to_string(), "chunk_1.h.wasm".to_string()),
            ("homeroom.js".to_string(), "homeroom.h.js".to_string()),
        ]);
        let script =
            r#"import{initSync}from"./homeroom.js";f("./chunk_1.wasm");g('./chunk_11.wasm')"#;
        assert_eq!(
            references(script, &renames),
            r#"import{initSync}from"./homeroom.h.js";f("./chunk_1.h.wasm");g('./chunk_11.wasm')"#
        );
    }

    #[test]
    fn the_placeholder_is_replaced_everywhere_in_a_binary_and_nothing_else_moves() {
        let bytes = [b"\x26".as_slice(), b"./P", b"\x00./P"].concat();
        assert_eq!(
            replace_same_length(bytes, b"P", b"Q"),
            [b"\x26".as_slice(), b"./Q", b"\x00./Q"].concat()
        );
        assert_eq!(replace_same_length(b"ab".to_vec(), b"a", b"xy"), b"ab");
    }

    #[test]
    fn the_manifest_names_the_hashed_chunks() {
        let json = br#"{"__today_view":["chunk_1","split___today_view"]}"#;
        assert_eq!(
            manifest(json, "h").unwrap(),
            r#"{"__today_view":["chunk_1.h","split___today_view.h"]}"#
        );
    }
}
