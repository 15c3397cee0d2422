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

// Systems: GradLab in two builds, TF.js in four configurations (backend x API), ConvNetJS. Each peer's best
// configuration per workload is what the ratios compare against.
const gradlab = [['GradLab native', jsonLine('train-gradlab-native', 'train_json')],
                 ['GradLab WASM', jsonLine('train-gradlab-wasm', 'train_json')]];
const tfjsRuns = [];
for (const backend of ['wasm', 'cpu']) {
  const j = jsonLine(`train-tfjs-${backend}`, 'train_json');
  for (const api of ['layers', 'core'])
    tfjsRuns.push({ label: `TF.js ${backend.toUpperCase()} ${api}`, backend, api, json: j, run: j && j.apis[api] });
}
const cnj = jsonLine('train-convnetjs', 'train_json');
const workloads = [
  ['W1', 'MLP 2-8-8-2 tanh, two spirals, batch 10'],
  ['W2', 'MLP 784-128-10 ReLU, softmax CE, batch 64'],
  ['W3', '1x28x28: CONV5-8-p2-s1, POOL2, CONV5-16-p2-s1, POOL2, FC-10, batch 32'],
  ['W4', '3x32x32: CONV3-16-p1-s1, POOL2, CONV3-32-p1-s1, POOL2, FC-10, batch 32'],
  ['W5', '3x8x64x64: CONV5-16-p2-s1, POOL2, CONV3-16-p1-s1, POOL2, CONV3-32-p1-s2, FC-256, FC-10, batch 2'],
  ['W6', 'char LSTM-128 over 32 steps of 65-symbol one-hot input, FC-65 + softmax CE at every step, batch 16'],
  ['W7', 'char GRU-128, otherwise as W6'],
  ['W8', 'W4 with BN after each conv (CONV3-16-p1, BN, POOL2, CONV3-32-p1, BN, POOL2, FC-10), batch 32'],
  ['W9', 'W4 inference only (forward + loss), batch 1: what the Inside tab does on every hover'],
];
const get = (results, id) => (results && id in results ? results[id] : 'not run');
// Numbers as text; "n/a (reason)" becomes "n/a [k]" with the reason listed once under the tables.
const notes = [];
const fmt = (v) => {
  if (typeof v === 'number') return v.toFixed(v >= 100 ? 0 : 1);
  const s = String(v);
  if (!s.startsWith('n/a (')) return s;
  let k = notes.indexOf(s);
  if (k < 0) k = notes.push(s) - 1;
  return `n/a [${k + 1}]`;
};
const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' ? `${(a / b).toFixed(1)}x` : 'n/a');
// Best numeric rate among the TF.js configurations (optionally one backend): { v, label }.
const tfjsBest = (id, backend) => {
  let best = null;
  for (const r of tfjsRuns) {
    if (backend && r.backend !== backend) continue;
    const v = get(r.run && r.run.results, id);
    if (typeof v === 'number' && (!best || v > best.v)) best = { v, label: `${r.backend} ${r.api}` };
  }
  if (best) return best;
  const first = tfjsRuns.find((r) => !backend || r.backend === backend);
  return { v: get(first && first.run && first.run.results, id), label: '' };
};

const header = ['workload', 'GradLab native', 'GradLab WASM', 'TF.js best WASM', 'TF.js best (any)', 'ConvNetJS',
                'WASM / TF.js WASM', 'WASM / TF.js best', 'WASM / ConvNetJS'];
const rows = workloads.map(([id]) => {
  const nat = get(gradlab[0][1] && gradlab[0][1].results, id), wa = get(gradlab[1][1] && gradlab[1][1].results, id);
  const tw = tfjsBest(id, 'wasm'), ta = tfjsBest(id, null), c = get(cnj && cnj.results, id);
  const withCfg = (b) => (typeof b.v === 'number' ? `${fmt(b.v)} (${b.label})` : fmt(b.v));
  return [id, fmt(nat), fmt(wa), withCfg(tw), withCfg(ta), fmt(c), ratio(wa, tw.v), ratio(wa, ta.v), ratio(wa, c)];
});
const allHeader = ['workload', ...tfjsRuns.map((r) => r.label)];
const allRows = workloads.map(([id]) => [id, ...tfjsRuns.map((r) => fmt(get(r.run && r.run.results, id)))]);
// First-step loss of every system (same data, same initial weights).
const lossCols = [...gradlab.map(([l, j]) => [l, j && j.loss0]), ...tfjsRuns.map((r) => [r.label, r.run && r.run.loss0]),
                  ['ConvNetJS', cnj && cnj.loss0]];
const lossRows = workloads.map(([id]) => [id, ...lossCols.map(([, l]) => (l && id in l ? l[id].toFixed(4) : '-'))]);
const mdTable = (head, body) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');

// Plain-text table for the terminal.
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
const line = (r) => r.map((v, c) => String(v).padStart(widths[c])).join('  ');
console.log('\nTraining throughput, samples/s (higher is better)');
console.log(line(header));
for (const r of rows) console.log(line(r));
const noteText = () => notes.map((n, i) => `[${i + 1}] ${n.slice(5, -1)}`);

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

// Per-layer profiles (bench_profile, native and WASM): one table per workload and target, with the same
// parts measured on earlier code for comparison: in this run when run_bench.sh was given BENCH_BEFORE (each
// before-binary ran right before the current one), else the older run kept in profile_before.json.
function profileSection() {
  const out = [];
  const kept = JSON.parse(fs.readFileSync(path.join(__dirname, 'profile_before.json'), 'utf8'));
  const nameFile = path.join(args.results, 'profile-before-name.txt');
  const sameRun = fs.existsSync(nameFile) && jsonLine('profile-wasm-before', 'profile_json');
  const note = sameRun ? `bench_profile built from ${fs.readFileSync(nameFile, 'utf8').trim()}, run in this run ` +
                         'right before the current code on each target (same load), each against its own GEMM rate'
                       : kept.note;
  for (const target of ['native', 'wasm']) {
    const p = jsonLine(`profile-${target}`, 'profile_json');
    if (!p) continue;
    const before = (sameRun && jsonLine(`profile-${target}-before`, 'profile_json')) || kept[target];
    for (const w of p.workloads) {
      const gemm = p.gemm_gflops, bgemm = sameRun ? before.gemm_gflops : gemm;
      const b = before.workloads.find((x) => x.id === w.id);
      out.push(`### ${w.id}, ${target}: ${(w.step_ms).toFixed(3)} ms per step of ${w.batch} (before: ` +
               `${b.step_ms.toFixed(3)} ms), ${(w.flops / 1e6).toFixed(1)} MFLOP, ` +
               `${(w.flops / w.step_ms / 1e6).toFixed(1)} GFLOP/s = ` +
               `${(100 * w.flops / w.step_ms / 1e6 / gemm).toFixed(0)}% of the ${gemm.toFixed(1)} GFLOP/s GEMM ` +
               `(before: ${(100 * b.flops / b.step_ms / 1e6 / bgemm).toFixed(0)}% of ` +
               (sameRun ? `its ${bgemm.toFixed(1)} GFLOP/s)` : 'the same)'));
      const body = w.rows.map((r, i) => {
        const o = b.rows[i] && b.rows[i].name === r.name ? b.rows[i] : null;
        return [r.name, r.fwd_ms.toFixed(3), r.bwd_ms.toFixed(3), o ? o.fwd_ms.toFixed(3) : '-',
                o ? o.bwd_ms.toFixed(3) : '-', `${(100 * (r.fwd_ms + r.bwd_ms) / w.step_ms).toFixed(1)}%`,
                r.flops ? (r.flops / (r.fwd_ms + r.bwd_ms) / 1e6).toFixed(1) : '-'];
      });
      out.push(mdTable(['part', 'forward ms', 'backward ms', 'before: fwd', 'before: bwd', 'share of step',
                        'GFLOP/s'], body));
    }
  }
  return out.length ? `Before: ${note}.\n\n${out.join('\n\n')}` : 'not run';
}

// The issue's targets, each with the number from this run that decides it.
function targetsSection() {
  const out = [];
  const wasmRate = (id) => get(gradlab[1][1] && gradlab[1][1].results, id);
  for (const id of ['W6', 'W7', 'W8']) {
    const best = tfjsBest(id, 'wasm').v, any = tfjsBest(id, null);
    const g = wasmRate(id);
    if (typeof g !== 'number') continue;
    if (typeof best === 'number')
      out.push(`- ${id} >= 10x TF.js's best in WASM: ${(g / best).toFixed(1)}x (${fmt(g)} vs ${fmt(best)}) ` +
               `${g >= 10 * best ? 'met' : 'NOT met'}`);
    else
      out.push(`- ${id} >= 10x TF.js's best in WASM: TF.js cannot run it in WASM (${fmt(best)}); against its best ` +
               `anywhere (${any.label}) ${ratio(g, any.v)}`);
  }
  const pw = jsonLine('profile-wasm', 'profile_json');
  if (pw)
    for (const w of pw.workloads) {
      const pct = (100 * w.flops) / w.step_ms / 1e6 / pw.gemm_gflops;
      out.push(`- ${w.id} in WASM at >= 60% of the GEMM rate: ${pct.toFixed(0)}% ` +
               `(${(w.flops / w.step_ms / 1e6).toFixed(1)} of ${pw.gemm_gflops.toFixed(1)} GFLOP/s) ${pct >= 60 ? 'met' : 'NOT met'}`);
    }
  const pg = jsonLine('page', 'page_json');
  if (pg) {
    out.push(`- ready < 1.5 s from localhost: engine ready at ${pg.load.ready.toFixed(0)} ms, first frame ` +
             `${pg.load.first_frame.toFixed(0)} ms ${pg.load.first_frame < 1500 ? 'met' : 'NOT met'} (headless ` +
             'Chromium on the loaded machine)');
    // First-needed: every file the default load fetched (up to 1.5 s after its first training step).
    const files = pg.load.startup_files || ['index.html', 'gradlab.js', 'gradlab.wasm'];
    const first = files.reduce((a, f) => a + (pg.bytes[f] ? pg.bytes[f].raw : 0), 0);
    const pack = pg.bytes['images.glpack'] ? (pg.bytes['images.glpack'].raw / 1048576).toFixed(1) : '?';
    out.push(`- wasm + first-needed data < 4 MB: ${(first / 1048576).toFixed(2)} MB raw fetched by a default load ` +
             `(its data is generated) ${first < 4 * 1048576 ? 'met' : 'NOT met'}; the ${pack} MB image pack ` +
             (files.includes('images.glpack') ? 'is among them (fetched in the background at start-up)'
               : 'is fetched only when digits or Fashion-MNIST is first wanted' +
                 (pg.pack ? ` (${pg.pack.pack_ms.toFixed(0)} ms from a digits link to its last byte, first step on digits ` +
                            `${pg.pack.first_step_ms.toFixed(0)} ms after the link)` : '')));
  }
  return out.length ? out.join('\n') : 'not run';
}

// Page benchmark (page_bench.mjs): its own markdown, already formatted.
function pageSection() {
  const file = path.join(args.results, 'page.md');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : 'not run';
}

if (args.out) {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1] || '?';
  const clock = args.wall ? 'wall-clock time' : 'process CPU time (robust on a shared machine; equals wall time ' +
    'for these single-threaded runs on an idle one)';
  const tj = tfjsRuns.find((r) => r.json);
  const md = `# GradLab benchmarks

Written by \`tests/bench/run_bench.sh\` (\`./build.sh bench\`)${args.quick ? ' with --quick' : ''}; do not edit by hand.

- Date: ${new Date().toISOString().replace('T', ' ').slice(0, 19)} UTC
- Machine: ${os.cpus().length} logical CPUs (nproc ${sh('nproc')}), ${cpu}; load average at start ${args.load}, at the end ${sh("cut -d' ' -f1-3 /proc/loadavg")}
- Node ${process.versions.node} (V8 ${process.versions.v8}); ${sh('emcc --version | head -1')}; ${sh('g++ --version | head -1')}
- Peers: TensorFlow.js ${tj ? tj.json.version : '?'} (tfjs-backend-wasm SIMD binary from node_modules, 1 thread; tfjs-backend-cpu),
  ConvNetJS 0.3.0
- GEMM: native \`${gn ? gn.simd : '?'}\`; WASM \`${gw ? gw.simd : '?'}\`

## Method
Each workload runs on the same synthetic batch with the same initial weights in every system (generated by
tests/bench/bench_data.h and peers/workloads.js from one integer recipe, then permuted into each library's
layout): forward, backward and a plain SGD update (lr 0.01, no momentum, no weight decay) per step, single
thread; W9 is inference only. After a warm-up (at least 3 steps and the JIT tier-up), a fixed number of
steps is timed in each of several repeats; the tables show the median samples/s, measured with ${clock}.
GradLab, TF.js and ConvNetJS run one after the other in the same run, so the ratios share the machine's load.
TF.js runs in four configurations: backend WASM (SIMD, 1 thread) or CPU (plain JS), API \`layers\`
(tf.layers model, optimizer.minimize) or \`core\` (hand-written forward on tf.variables,
tf.variableGrads + optimizer.applyGradients in tf.tidy, recurrent cells unrolled with tf ops); its best
configuration per workload is the one compared against. ConvNetJS trains one sample at a time and updates once
per batch. "n/a (reason)" marks what a system cannot run.

## Targets (issue 14), from this run
${targetsSection()}

## Training throughput, samples/s (higher is better)
${workloads.map(([id, d]) => `- ${id}: ${d}`).join('\n')}

${mdTable(header, rows)}

### Every TF.js configuration
${mdTable(allHeader, allRows)}

${noteText().join('  \n')}

### First-step loss (same data and weights: equal losses mean the same network)
${mdTable(['workload', ...lossCols.map(([l]) => l)], lossRows)}

Known differences: TF.js \`layers\` GRU computes the candidate as tanh(x W + (r * h) U) (Keras's reset_after
= false; TF.js has no other), PyTorch and GradLab as tanh(x W + r * (h U)), so W7's TF.js layers loss differs;
TF.js \`layers\` pads W5's stride-2 conv 'same' (0 before, 1 after; the core version pads 1/1 explicitly).

## Where a CNN step goes (bench_profile)
Each layer's forward and backward timed separately over many steps (median of repeats, process CPU time), plus the
loss, the zeroing of gradients and the SGD update. GFLOP/s counts 2 flops per multiply-add of the conv and
FC products only (forward, input gradient, weight gradient).

${profileSection()}

## Page (headless Chromium, tests/bench/page_bench.mjs)
${pageSection()}

## GEMM, GFLOP/s (single thread, C = A*B; \`gemm\` is what the engine calls)
${gemmRows.length ? mdTable(['product', 'M x N x K', 'WASM gemm', 'WASM packed', 'WASM Eigen', 'native gemm',
                              'native packed', 'native Eigen'], gemmRows) : 'not run'}
`;
  fs.writeFileSync(args.out, md);
  console.log(`\nwrote ${args.out}`);
}
