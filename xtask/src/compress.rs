//! Brotli (quality 11) and gzip (-9) copies beside each static file, made once per build:
//! the server sends these and compresses no static file per request.
use crate::tools::{files_under, on_every_core, say};
use std::io::Write;
use std::path::Path;

/// Files smaller than this gain nothing worth a second request path.
const SMALLEST: usize = 1024;
const TEXT_OR_WASM: [&str; 8] = [
    "wasm",
    "js",
    "css",
    "json",
    "svg",
    "html",
    "webmanifest",
    "txt",
];

/// Writes `file.br` and `file.gz` for each compressible file under `site`.
pub fn site(site: &Path) -> anyhow::Result<()> {
    say("compressing the static files (brotli quality 11, gzip -9)");
    let files: Vec<_> = files_under(site)?
        .into_iter()
        .filter(|f| {
            f.extension()
                .is_some_and(|e| TEXT_OR_WASM.iter().any(|t| e == *t))
        })
        .collect();
    on_every_core(&files, |file| copies(file))
}

fn copies(file: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(file)?;
    if bytes.len() < SMALLEST {
        return Ok(());
    }
    let name = file.as_os_str().to_owned();
    let with = |ext: &str| {
        let mut path = name.clone();
        path.push(ext);
        path
    };
    std::fs::write(with(".br"), brotli(&bytes)?)?;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&bytes)?;
    std::fs::write(with(".gz"), gzip.finish()?)?;
    Ok(())
}

/// Brotli at its highest quality, its window fitted to the file: a 16 MB window set up for
/// each small chunk costs more time than the compression.
pub fn brotli(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let params = ::brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: (usize::BITS - bytes.len().leading_zeros()).clamp(10, 24) as i32,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    ::brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::brotli;
    use std::io::Read;

    #[test]
    fn every_size_decompresses_to_the_same_bytes() {
        // Around the window's bounds: the smallest window, a power of two, and past it.
        for len in [0, 1, 1023, 1024, 1025, 65_536, 70_000] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let mut back = Vec::new();
            ::brotli::Decompressor::new(&brotli(&bytes).unwrap()[..], 4096)
                .read_to_end(&mut back)
                .unwrap();
            assert_eq!(back, bytes, "{len} bytes");
        }
    }
}
