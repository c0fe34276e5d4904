// Photo uploads against a running server, as t101: the server's time to clean a camera's
// original, the throughput of phone-sized photos one at a time and four at once, and a
// retried upload. Each upload gets its own bytes (a counter after the JPEG's end marker,
// which decoders ignore), so every one is new to the server.
//   BENCH_URL=http://127.0.0.1:3400 node bench/photos.mjs camera.jpg phone.jpg
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signIn } from './sign-in.mjs';

const base = process.env.BENCH_URL ?? 'http://127.0.0.1:3400';
const [cameraFile, phoneFile] = process.argv.slice(2);
const cookie = await signIn(base);
let counter = 0;

/** The photo's bytes made unique. */
function variant(bytes) {
  counter += 1;
  return Buffer.concat([bytes, Buffer.from(`#${process.pid}-${counter}`)]);
}

/** Uploads `bytes`; the milliseconds it took. */
async function upload(bytes, expected) {
  const id = createHash('sha256').update(bytes).digest('hex');
  const started = performance.now();
  const res = await fetch(`${base}/api/photos/${id}`, {
    method: 'PUT', body: bytes,
    headers: { cookie, 'content-type': 'image/jpeg', origin: base },
  });
  await res.arrayBuffer();
  if (res.status !== expected) throw new Error(`upload answered ${res.status}`);
  return performance.now() - started;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 10) / 10;

const camera = readFileSync(cameraFile);
const cameraMs = [];
for (let i = 0; i < 8; i += 1) cameraMs.push(await upload(variant(camera), 201));

const phone = readFileSync(phoneFile);
const oneStart = performance.now();
const phoneMs = [];
for (let i = 0; i < 40; i += 1) phoneMs.push(await upload(variant(phone), 201));
const oneSecs = (performance.now() - oneStart) / 1000;

const fourStart = performance.now();
const batches = Array.from({ length: 10 }, () => Array.from({ length: 4 }, () => variant(phone)));
for (const batch of batches) await Promise.all(batch.map((bytes) => upload(bytes, 201)));
const fourSecs = (performance.now() - fourStart) / 1000;

const again = variant(phone);
await upload(again, 201);
const retryMs = [];
for (let i = 0; i < 20; i += 1) retryMs.push(await upload(again, 200));

const mb = (n, secs) => round((n * phone.length) / secs / 1e6);
console.log(JSON.stringify({
  camera_bytes: camera.length,
  camera_upload_ms: { median: round(median(cameraMs)), max: round(Math.max(...cameraMs)) },
  phone_bytes: phone.length,
  phone_upload_ms: { median: round(median(phoneMs)), max: round(Math.max(...phoneMs)) },
  phone_one_at_a_time: { photos_per_s: round(40 / oneSecs), mb_per_s: mb(40, oneSecs) },
  phone_four_at_once: { photos_per_s: round(40 / fourSecs), mb_per_s: mb(40, fourSecs) },
  retried_upload_ms: { median: round(median(retryMs)) },
}));
