// Where the bytes of a .wasm go: sizes per section, and per function grouped by
// origin, read from the name section. Needs a build that keeps names:
//   cmake --build build/wasm --target slotpay_wasm_names   (same flags + --profiling-funcs)
//   node wasm/size-breakdown.mjs build/wasm/wasm/dist-names/slotpay-core.wasm [TOP]
// Function sizes are body bytes (raw); gzip shares compression across functions, so
// a group's gzip figure is estimated by compressing its bodies together.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node size-breakdown.mjs MODULE.wasm [TOP]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const buf = readFileSync(file);

let pos = 8;  // magic + version
function uleb() {
  let result = 0, shift = 0, byte;
  do {
    byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
}
const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export',
                       'start', 'element', 'code', 'data', 'datacount'];
const sections = [];
let importedFuncs = 0;
const bodies = [];  // {index, start, size}
const names = new Map();
while (pos < buf.length) {
  const id = buf[pos++];
  const size = uleb();
  const start = pos;
  let name = SECTION_NAMES[id] ?? `#${id}`;
  if (id === 0) {
    const len = uleb();
    name = `custom:${buf.subarray(pos, pos + len).toString('utf8')}`;
    pos += len;
    if (name === 'custom:name') {
      while (pos < start + size) {
        const sub = buf[pos++];
        const subSize = uleb();
        const subEnd = pos + subSize;
        if (sub === 1) {
          const count = uleb();
          for (let i = 0; i < count; i++) {
            const idx = uleb();
            const n = uleb();
            names.set(idx, buf.subarray(pos, pos + n).toString('utf8'));
            pos += n;
          }
        }
        pos = subEnd;
      }
    }
  } else if (id === 2) {
    const count = uleb();
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < 2; k++) { const n = uleb(); pos += n; }
      const kind = buf[pos++];
      if (kind === 0) { uleb(); importedFuncs++; }
      else if (kind === 1) { pos++; const f = buf[pos++]; uleb(); if (f & 1) uleb(); }
      else if (kind === 2) { const f = buf[pos++]; uleb(); if (f & 1) uleb(); }
      else if (kind === 3) { pos += 2; }
    }
  } else if (id === 10) {
    const count = uleb();
    for (let i = 0; i < count; i++) {
      const bodySize = uleb();
      bodies.push({ index: importedFuncs + i, start: pos, size: bodySize });
      pos += bodySize;
    }
  }
  sections.push({ name, size });
  pos = start + size;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${file}: ${kb(buf.length)} raw, ${kb(gzipSync(buf, { level: 9 }).length)} gzip`);
console.log('\nsections:');
for (const s of sections.sort((a, b) => b.size - a.size)) console.log(`  ${s.name.padEnd(24)} ${kb(s.size).padStart(10)}`);

// Group functions by where they come from.
function group(name) {
  if (!name) return '(unnamed)';
  if (/nlohmann|json_abi|basic_json|json_sax|lexer|parser<|serializer|iter_impl|ordered_map/.test(name)) return 'nlohmann/json';
  if (/^slotpay|slotpay::/.test(name)) {
    const m = name.match(/slotpay::(?:detail::|ops::|\(anonymous namespace\)::)?([A-Za-z_]+)/);
    return `slotpay (${m ? m[1] : '?'})`;
  }
  if (/emscripten|embind|_embind_|EmscriptenBindingInitializer/.test(name)) return 'embind';
  if (/^(dlmalloc|dlfree|dlrealloc|malloc|free|realloc|emmalloc|sbrk|emscripten_builtin_)/.test(name)) return 'malloc';
  if (/std::__2::|^std::|__cxa|__cxxabiv1|operator new|operator delete|__gxx|__dynamic_cast/.test(name)) {
    if (/basic_string|char_traits/.test(name)) return 'libc++ (string)';
    if (/vector|__split_buffer/.test(name)) return 'libc++ (vector)';
    if (/__tree|map</.test(name)) return 'libc++ (map/tree)';
    return 'libc++ (other)';
  }
  if (/printf|strto|scanf|fmt_|pop_arg|__floatscan|__intscan|frexp|fmodl|__shgetc|decfloat|hexfloat|scalbn|copysign/.test(name)) return 'libc (number formatting/parsing)';
  if (/^(mem|str|__mem|__str|wc|mb|__lctrans|__towrite|__fwrite|__stdio|abort)/.test(name)) return 'libc (other)';
  return "other";
}
const groups = new Map();
for (const b of bodies) {
  const g = group(names.get(b.index));
  const e = groups.get(g) ?? { raw: 0, count: 0, parts: [] };
  e.raw += b.size;
  e.count++;
  e.parts.push(buf.subarray(b.start, b.start + b.size));
  groups.set(g, e);
}
const codeTotal = bodies.reduce((s, b) => s + b.size, 0);
console.log(`\ncode by origin (${bodies.length} functions, ${kb(codeTotal)}):`);
for (const [g, e] of [...groups].sort((a, b) => b[1].raw - a[1].raw)) {
  const gz = gzipSync(Buffer.concat(e.parts), { level: 9 }).length;
  console.log(`  ${g.padEnd(36)} ${String(e.count).padStart(5)} fn ${kb(e.raw).padStart(10)} (${(100 * e.raw / codeTotal).toFixed(0).padStart(2)}%)  ~${kb(gz)} gzip alone`);
}
console.log(`\nlargest ${top} functions:`);
for (const b of [...bodies].sort((a, b) => b.size - a.size).slice(0, top)) {
  const n = names.get(b.index) ?? `func[${b.index}]`;
  console.log(`  ${kb(b.size).padStart(9)}  ${n.length > 150 ? n.slice(0, 147) + '...' : n}`);
}
