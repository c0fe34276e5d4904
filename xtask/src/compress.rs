//! Brotli (quality 11) and gzip (-9) copies beside each static file, made once per build:
//! the server sends these and compresses no static file per request.
use crate::tools::{files_under, say};
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
    let lanes = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|scope| {
        let lanes: Vec<_> = (0..lanes)
            .map(|lane| {
                let files = &files;
                scope.spawn(move || {
                    files
                        .iter()
                        .skip(lane)
                        .step_by(lanes)
                        .try_for_each(|f| copies(f))
                })
            })
            .collect();
        lanes.into_iter().try_for_each(|lane| {
            lane.join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("a compression lane stopped")))
        })
    })
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

/// Brotli at its highest quality, with the largest standard window.
pub fn brotli(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = ::brotli::CompressorWriter::new(&mut out, 1 << 16, 11, 24);
        writer.write_all(bytes)?;
    }
    Ok(out)
}
