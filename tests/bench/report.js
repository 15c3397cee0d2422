// Collects the JSON lines the benchmarks printed (build/bench-results/*.log), prints the throughput table with
// the GradLab-WASM / peer ratios and writes BENCHMARKS.md (date, machine, versions, method, tables).
// Called by tests/bench/run_bench.sh; not a test.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execSync } = require('child_process');

const args = { results: null, out: null, load: '?', quick: false, wall: false };
for (let i = 2; i < process.argv.length; ++i) {
  const a = process.argv[i];
  if (a === '--results') args.results = process.argv[++i];
  else if (a === '--out') args.out = process.argv[++i];
  else if (a === '--load') args.load = process.argv[++i];
  else if (a === '--quick') args.quick = true;
  else if (a === '--wall') args.wall = true;
}

function jsonLine(name, tag) {
  const file = path.join(args.results, `${name}.log`);
  if (!fs.existsSync(file)) return null;
  const line = fs.readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${tag}: `));
  if (!line) return null;
  try {
    return JSON.parse(line.slice(tag.length + 2));
  } catch (e) {
    return null;
  }
}
const sh = (cmd) => {
  try {
    return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch (e) {
    return '?';
  }
};

const systems = [
  ['GradLab native', 'train-gradlab-native'], ['GradLab WASM', 'train-gradlab-wasm'],
  ['TF.js WASM', 'train-tfjs-wasm'], ['TF.js CPU', 'train-tfjs-cpu'], ['ConvNetJS', 'train-convnetjs'],
];
const data = systems.map(([label, file]) => ({ label, json: jsonLine(file, 'train_json') }));
const workloads = [
  ['W1', 'MLP 2-8-8-2 tanh, two spirals, batch 10'],
  ['W2', 'MLP 784-128-10 ReLU, softmax CE, batch 64'],
  ['W3', '1x28x28: CONV5-8-p2-s1, POOL2, CONV5-16-p2-s1, POOL2, FC-10, batch 32'],
  ['W4', '3x32x32: CONV3-16-p1-s1, POOL2, CONV3-32-p1-s1, POOL2, FC-10, batch 32'],
  ['W5', '3x8x64x64: CONV5-16-p2-s1, POOL2, CONV3-16-p1-s1, POOL2, CONV3-32-p1-s2, FC-256, FC-10, batch 2'],
];
const value = (d, id) => (d.json && d.json.results && id in d.json.results ? d.json.results[id] : 'not run');
// Numbers as text; "n/a (reason)" becomes "n/a [k]" with the reason listed once under the table.
const notes = [];
const fmt = (v) => {
  if (typeof v === 'number') return v.toFixed(v >= 100 ? 0 : 1);
  const s = String(v);
  if (!s.startsWith('n/a (')) return s;
  let k = notes.indexOf(s);
  if (k < 0) k = notes.push(s) - 1;
  return `n/a [${k + 1}]`;
};
const wasmIdx = 1;
const peerIdx = [2, 3, 4];

const header = ['workload', ...systems.map((s) => s[0]), ...peerIdx.map((i) => `WASM / ${systems[i][0]}`)];
const rows = workloads.map(([id]) => {
  const vals = data.map((d) => value(d, id));
  const ratios = peerIdx.map((i) =>
    typeof vals[wasmIdx] === 'number' && typeof vals[i] === 'number' ? `${(vals[wasmIdx] / vals[i]).toFixed(2)}x` : 'n/a');
  return [id, ...vals.map(fmt), ...ratios];
});
const mdTable = (head, body) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');

// Plain-text table for the terminal.
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
const line = (r) => r.map((v, c) => String(v).padStart(widths[c])).join('  ');
console.log('\nTraining throughput, samples/s (higher is better)');
console.log(line(header));
for (const r of rows) console.log(line(r));
const noteText = notes.map((n, i) => `[${i + 1}] ${n.slice(5, -1)}`);
for (const n of noteText) console.log(n);

// GEMM table (GFLOP/s) from bench_gemm, native and WASM.
const gn = jsonLine('gemm-native', 'gemm_json'), gw = jsonLine('gemm-wasm', 'gemm_json');
const gemmRows = [];
if (gn || gw) {
  const list = (gn || gw).rows;
  for (let i = 0; i < list.length; ++i) {
    const r = list[i], w = gw ? gw.rows[i] : null, n = gn ? gn.rows[i] : null;
    const f = (o, k) => (o && o[k] ? o[k].toFixed(1) : '-');
    gemmRows.push([`${r.what}`, `${r.M}x${r.N}x${r.K}${r.ta ? ' tA' : ''}${r.tb ? ' tB' : ''}`,
                   f(w, 'gemm'), f(w, 'packed'), f(w, 'eigen'), f(n, 'gemm'), f(n, 'packed'), f(n, 'eigen')]);
  }
}

if (args.out) {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1] || '?';
  const clock = args.wall ? 'wall-clock time' : 'process CPU time (robust on a shared machine; equals wall time ' +
    'for these single-threaded runs on an idle one)';
  const ver = (d) => (d.json && d.json.version ? d.json.version : '?');
  const md = `# GradLab benchmarks

Written by \`tests/bench/run_bench.sh\` (\`./build.sh bench\`)${args.quick ? ' with --quick' : ''}; do not edit by hand.

- Date: ${new Date().toISOString().replace('T', ' ').slice(0, 19)} UTC
- Machine: ${os.cpus().length} logical CPUs (nproc ${sh('nproc')}), ${cpu}; load average at start ${args.load}
- Node ${process.versions.node} (V8 ${process.versions.v8}); ${sh('emcc --version | head -1')}; ${sh('g++ --version | head -1')}
- Peers: TensorFlow.js ${ver(data[2])} (tfjs-backend-wasm SIMD binary from node_modules, 1 thread; tfjs-backend-cpu),
  ConvNetJS 0.3.0
- GEMM: native \`${gn ? gn.simd : '?'}\`; WASM \`${gw ? gw.simd : '?'}\`

## Method
Each workload runs on the same synthetic batch in every system: forward, backward and a plain SGD update
(lr 0.01, no momentum, no weight decay) per step, single thread. After a warm-up (at least 3 steps and the
JIT tier-up), a fixed number of steps is timed in each of several repeats; the table shows the median
samples/s, measured with ${clock}. ConvNetJS trains one sample at a time and updates once per batch.
TF.js uses tf.layers models with optimizer.minimize on softmax cross-entropy; its conv layers use 'same'
padding (for W5's stride-2 conv that pads 0/1 instead of 1/1: same output shape and cost).
"n/a (reason)" marks what a system cannot run.

## Training throughput, samples/s (higher is better)
${workloads.map(([id, d]) => `- ${id}: ${d}`).join('\n')}

${mdTable(header, rows)}

${noteText.join('  \n')}

## GEMM, GFLOP/s (single thread, C = A*B; \`gemm\` is what the engine calls)
${gemmRows.length ? mdTable(['product', 'M x N x K', 'WASM gemm', 'WASM packed', 'WASM Eigen', 'native gemm',
                              'native packed', 'native Eigen'], gemmRows) : 'not run'}
`;
  fs.writeFileSync(args.out, md);
  console.log(`\nwrote ${args.out}`);
}
