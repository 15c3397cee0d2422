// Compares the numbers the engine suite checked natively and in WASM (the --dump=PATH files): every recorded
// value must agree within a relative tolerance of 1e-4 (the golden bar), measured against max(|a|, |b|, 1e-3 x the largest
// magnitude in the same tensor). Float32 with different SIMD paths and summation orders differs in the last
// bits; the floor keeps entries that cancel to near zero (small next to their tensor) from dominating.
// Prints "N passed, M failed".
import { readFileSync } from 'node:fs';

const [a, b] = process.argv.slice(2).map((p) => JSON.parse(readFileSync(p, 'utf8')));
const TOL = 1e-4;
let passed = 0, failed = 0, worst = 0, worstName = '';
for (const name of Object.keys(a)) {
  if (!(name in b)) { console.log(`missing in second dump: ${name}`); failed++; continue; }
  const x = a[name], y = b[name];
  let ok = x.length === y.length;
  let big = 0;
  for (const v of x) if (v !== null) big = Math.max(big, Math.abs(v));
  const FLOOR = Math.max(1e-3 * big, 1e-12);
  for (let i = 0; ok && i < x.length; i++) {
    if (x[i] === null || y[i] === null) { ok = x[i] === y[i]; continue; }
    const e = Math.abs(x[i] - y[i]) / Math.max(Math.abs(x[i]), Math.abs(y[i]), FLOOR);
    if (e > worst) { worst = e; worstName = `${name}[${i}]`; }
    if (e > TOL) ok = false;
  }
  if (ok) passed++; else { failed++; console.log(`disagree: ${name}`); }
}
for (const name of Object.keys(b)) if (!(name in a)) { console.log(`missing in first dump: ${name}`); failed++; }
console.log(`worst native/WASM relative difference ${worst.toExponential(2)} (${worstName || 'none'})`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
