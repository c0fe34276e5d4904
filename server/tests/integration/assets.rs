//! The build's static files: the copy `./dev.sh` compressed at build time is what goes over
//! the wire, and a hashed name is cached for a year.
use std::io::{Read, Write};

use crate::harness::{TestApp, TestDb};

const HASHED: &str = "homeroom.R3wN8ofUBwXMBZN1Iqw2OA.wasm";

/// Bytes shaped like a wasm module: its header, then repetitive code-like data.
fn module() -> Vec<u8> {
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    for i in 0..20_000u32 {
        bytes.extend_from_slice(&(i % 251).to_le_bytes());
    }
    bytes
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
    writer.write_all(bytes).unwrap();
    drop(writer);
    out
}

#[tokio::test]
async fn a_hashed_file_goes_as_its_build_time_brotli_copy_and_is_cached_for_a_year() {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir(&pkg).unwrap();
    let wasm = module();
    let compressed = brotli(&wasm);
    std::fs::write(pkg.join(HASHED), &wasm).unwrap();
    std::fs::write(pkg.join(format!("{HASHED}.br")), &compressed).unwrap();
    std::fs::write(pkg.join("homeroom.wasm"), &wasm).unwrap();
    let test_db = TestDb::sqlite().await;
    let app = TestApp::with_site(test_db.db.clone(), site.path().to_str().unwrap()).await;
    let http = reqwest::Client::new();

    let res = http
        .get(app.url(&format!("/pkg/{HASHED}")))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let headers = res.headers().clone();
    assert_eq!(headers["content-encoding"], "br");
    assert_eq!(headers["content-type"], "application/wasm");
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let body = res.bytes().await.unwrap();
    assert_eq!(
        body.as_ref(),
        compressed.as_slice(),
        "the build's copy, as it is"
    );
    let mut decoded = Vec::new();
    brotli::Decompressor::new(body.as_ref(), 4096)
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, wasm);

    let plain = http
        .get(app.url(&format!("/pkg/{HASHED}")))
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.unwrap().as_ref(), wasm.as_slice());

    let unhashed = http
        .get(app.url("/pkg/homeroom.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(unhashed.status(), 200);
    let caching = unhashed.headers().get("cache-control");
    assert!(
        caching.is_none_or(|c| !c.to_str().unwrap().contains("immutable")),
        "a name without a hash may change: {caching:?}"
    );
    test_db.finish().await;
}
