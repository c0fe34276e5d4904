// What the code of a wasm module is made of: its function bodies' bytes summed by crate and
// by method, from the module's name section (twiggy 0.7 cannot read a split module).
// Usage: cargo xtask site --phone-only --named
//   node bench/wasm-sizes.mjs $(ls -t ../target/site/pkg/homeroom.*.wasm | head -1) [app]
// A crate's name after the file adds that crate's bytes by module.
import fs from 'node:fs';

const bytes = fs.readFileSync(process.argv[2]);
const module = new WebAssembly.Module(bytes);
const imported = WebAssembly.Module.imports(module).filter((i) => i.kind === 'function').length;

/** An unsigned LEB128 at `at`: [value, next offset]. */
function leb(buf, at) {
  let value = 0, shift = 0, byte;
  do { byte = buf[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return [value, at];
}

/** Each section (or name subsection) from `at`: [id, start of its contents, size]. */
function* sections(buf, at) {
  while (at < buf.length) {
    const [size, start] = leb(buf, at + 1);
    yield [buf[at], start, size];
    at = start + size;
  }
}

/** The byte size of each defined function's body, by function index. */
function bodySizes() {
  for (const [id, start] of sections(bytes, 8)) {
    if (id !== 10) continue;
    let [count, p] = leb(bytes, start);
    const sizes = new Map();
    for (let i = 0; i < count; i++) {
      const [len, body] = leb(bytes, p);
      sizes.set(imported + i, len);
      p = body + len;
    }
    return sizes;
  }
  throw new Error('no code section');
}

/** Function names by index, from the name section's function subsection. */
function names() {
  const [section] = WebAssembly.Module.customSections(module, 'name');
  if (!section) throw new Error('no name section: build with `cargo xtask site --named`');
  const buf = new Uint8Array(section);
  const out = new Map();
  for (const [id, start] of sections(buf, 0)) {
    if (id !== 1) continue;
    let [count, p] = leb(buf, start);
    for (let i = 0; i < count; i++) {
      let index, len;
      [index, p] = leb(buf, p);
      [len, p] = leb(buf, p);
      out.set(index, new TextDecoder().decode(buf.subarray(p, p + len)));
      p += len;
    }
  }
  return out;
}

/** A legacy-mangled Rust symbol's path, demangled enough to group by. */
function path(symbol) {
  if (!symbol.startsWith('_ZN')) return [symbol];
  const parts = [];
  let rest = symbol.slice(3);
  for (let m; (m = /^(\d+)/.exec(rest)); ) {
    const len = Number(m[1]);
    parts.push(rest.slice(m[1].length, m[1].length + len));
    rest = rest.slice(m[1].length + len);
  }
  const clean = (p) => p.replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ')
    .replace(/\.\./g, '::').replace(/\$[A-Za-z0-9]+\$/g, '').replace(/^_</, '<');
  return parts.filter((p) => !/^h[0-9a-f]{16}$/.test(p) && !p.includes('$u7b$')).map(clean);
}

/** The crate a function belongs to; a trait impl counts under the trait's crate. */
function crate([first]) {
  const impl = /^<(.*?) as ([A-Za-z_0-9]+)/.exec(first);
  return impl ? impl[2] : first;
}

const sizes = bodySizes();
const named = names();
const inCrate = process.argv[3];
const byCrate = new Map(), byMethod = new Map(), byModule = new Map();
let total = 0;
for (const [index, size] of sizes) {
  const parts = path(named.get(index) ?? '(unnamed)');
  total += size;
  byCrate.set(crate(parts), (byCrate.get(crate(parts)) ?? 0) + size);
  if (crate(parts) === inCrate) {
    const module = parts[0].startsWith('<') ? parts[0] : parts.slice(0, 3).join('::');
    byModule.set(module, (byModule.get(module) ?? 0) + size);
  }
  const method = parts.at(-1);
  byMethod.set(method, (byMethod.get(method) ?? 0) + size);
}
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n)
  .map(([k, v]) => `${String(v).padStart(9)} ${(100 * v / total).toFixed(1).padStart(5)} %  ${k}`).join('\n');
console.log(`${sizes.size} functions, ${total} bytes of code`);
console.log(`by crate (trait impls under the trait's crate)\n${top(byCrate, 20)}`);
console.log(`by method\n${top(byMethod, 15)}`);
if (inCrate) console.log(`${inCrate} by module\n${top(byModule, 25)}`);
