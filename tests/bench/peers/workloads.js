// The benchmark workloads shared by the peer scripts (bench_tfjs.js, bench_convnetjs.js), the timing loop, the
// synthetic data and the initial weights. Keep in sync with tests/bench/bench_workloads.h and bench_data.h
// (same networks, batches, data and weights, so every system's first-step loss can be compared).
// Not a test: run by tests/bench/run_bench.sh.
'use strict';

const WORKLOADS = [
  { id: 'W1', batch: 10, input: [2], desc: 'MLP 2-8-8-2 tanh, two spirals' },
  { id: 'W2', batch: 64, input: [784], desc: 'MLP 784-128-10 ReLU, softmax CE' },
  { id: 'W3', batch: 32, input: [1, 28, 28], desc: 'CONV5-8-p2, POOL2, CONV5-16-p2, POOL2, FC-10' },
  { id: 'W4', batch: 32, input: [3, 32, 32], desc: 'CONV3-16-p1, POOL2, CONV3-32-p1, POOL2, FC-10' },
  { id: 'W5', batch: 2, input: [3, 8, 64, 64],
    desc: 'CONV5-16-p2, POOL2, CONV3-16-p1, POOL2, CONV3-32-p1-s2, FC-256, FC-10 (3D)' },
  { id: 'W6', batch: 16, input: [32, 65], seq: 'lstm', desc: 'char LSTM-128 over 32 x 65 one-hot, FC-65 + softmax CE every step' },
  { id: 'W7', batch: 16, input: [32, 65], seq: 'gru', desc: 'char GRU-128 over 32 x 65 one-hot, FC-65 + softmax CE every step' },
  { id: 'W8', batch: 32, input: [3, 32, 32], desc: 'W4 with BN after each conv (CONV3-16-p1, BN, POOL2, CONV3-32-p1, BN, POOL2, FC-10)' },
  { id: 'W9', batch: 1, input: [3, 32, 32], infer: true, desc: 'W4 inference, batch 1' },
];
const NUM_CLASSES = { W1: 2, W2: 10, W3: 10, W4: 10, W5: 10, W6: 65, W7: 65, W8: 10, W9: 10 };
const SEQ = { T: 32, V: 65, H: 128 };

// Deterministic generator (mulberry32) so every run sees the same data.
function rng(seed) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return { u, normal };
}

// One batch: x as a flat Float32Array in channels-first order (N x C x ... like GradLab), labels as ints.
function makeBatch(w, seed = 99) {
  const r = rng(seed);
  const per = w.input.reduce((a, b) => a * b, 1);
  const x = new Float32Array(w.batch * per);
  const y = new Int32Array(w.batch);
  for (let i = 0; i < w.batch; ++i) {
    if (w.id === 'W1') {  // two spirals
      const cls = i % 2, t = 0.25 + 3 * r.u(), a = t * 2.2 + cls * Math.PI;
      x[2 * i] = t * Math.cos(a) + 0.1 * r.normal();
      x[2 * i + 1] = t * Math.sin(a) + 0.1 * r.normal();
      y[i] = cls;
    } else {
      for (let k = 0; k < per; ++k) x[i * per + k] = r.normal();
      y[i] = Math.floor(r.u() * NUM_CLASSES[w.id]);
    }
  }
  return { x, y };
}

// Character sequences (bench_data.h canon_seq_batch): x one-hot N x T x V, y the N*T next symbols.
function makeSeqBatch(w) {
  const r = rng(77);
  const { T, V } = SEQ;
  const x = new Float32Array(w.batch * T * V);
  const y = new Int32Array(w.batch * T);
  for (let n = 0; n < w.batch; ++n) {
    const c = [];
    for (let t = 0; t <= T; ++t) c.push(Math.floor(r.u() * V));
    for (let t = 0; t < T; ++t) {
      x[(n * T + t) * V + c[t]] = 1;
      y[n * T + t] = c[t + 1];
    }
  }
  return { x, y };
}

// Weight matrix number j in network order, PyTorch layout (out x in x kernel...), shape `dims`: uniform(-a, a),
// a = sqrt(6 / fan_in), from mulberry32(1000 + j), rounded to float (bench_data.h canon_weights).
function canonWeights(j, dims) {
  const r = rng(1000 + j);
  const n = dims.reduce((a, b) => a * b, 1);
  const a = Math.sqrt(6 / (n / dims[0]));
  const out = new Float32Array(n);
  for (let k = 0; k < n; ++k) out[k] = a * (2 * r.u() - 1);
  return out;
}

// PyTorch-layout array (dims d0 x d1 x ...) -> permuted copy; perm lists source axes in destination order.
function permute(src, dims, perm) {
  const nd = dims.length, outDims = perm.map((p) => dims[p]);
  const stride = new Array(nd).fill(1);
  for (let i = nd - 2; i >= 0; --i) stride[i] = stride[i + 1] * dims[i + 1];
  const out = new Float32Array(src.length), idx = new Array(nd).fill(0);
  for (let o = 0; o < src.length; ++o) {
    let s = 0;
    for (let i = 0; i < nd; ++i) s += idx[i] * stride[perm[i]];
    out[o] = src[s];
    for (let i = nd - 1; i >= 0; --i) {
      if (++idx[i] < outDims[i]) break;
      idx[i] = 0;
    }
  }
  return out;
}

// Channels-first sample -> channels-last (TF.js layout), for C x H x W and C x T x H x W.
function toChannelsLast(x, batch, shape) {
  if (shape.length < 3) return x;
  const [C, ...sp] = shape;
  const S = sp.reduce((a, b) => a * b, 1);
  const out = new Float32Array(x.length);
  for (let n = 0; n < batch; ++n)
    for (let c = 0; c < C; ++c)
      for (let s = 0; s < S; ++s) out[(n * S + s) * C + c] = x[(n * C + c) * S + s];
  return out;
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b), n = s.length;
  return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
};
const cpuSeconds = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const wallSeconds = () => performance.now() / 1e3;

// Times step() (one training step on one batch of `batch` samples) like bench_train.cpp: warm-up of at
// least 3 steps and ~targetS, then `repeats` timed repeats of a fixed step count; samples/s from CPU time
// (or wall time when opts.wall). A step slower than maxStepS shortens the run to 1 step per repeat.
async function timeSteps(step, batch, opts) {
  const { repeats, targetS, wall } = opts;
  const clock = wall ? wallSeconds : cpuSeconds;
  let loss0 = await step();
  let n = 0;
  const w0 = wallSeconds(), c0 = clock();
  while (n < 3 || wallSeconds() - w0 < targetS) {
    await step();
    ++n;
    if (wallSeconds() - w0 > 4 * targetS && n >= 2) break;  // very slow peer: keep the whole run bounded
  }
  const perStep = (clock() - c0) / n;
  const perRepeat = Math.max(1, Math.floor(targetS / Math.max(perStep, 1e-9)));
  const rates = [], wallRates = [];
  let lossN = loss0;
  for (let r = 0; r < repeats; ++r) {
    const cw = wallSeconds(), cc = clock();
    for (let i = 0; i < perRepeat; ++i) lossN = await step();
    rates.push((perRepeat * batch) / Math.max(clock() - cc, 1e-9));
    wallRates.push((perRepeat * batch) / Math.max(wallSeconds() - cw, 1e-9));
  }
  return { samplesPerS: median(rates), wallSamplesPerS: median(wallRates), loss0, lossN };
}

function parseArgs(argv) {
  const a = { quick: false, wall: false, only: null, backend: 'cpu', api: null };
  for (let i = 2; i < argv.length; ++i) {
    if (argv[i] === '--quick') a.quick = true;
    else if (argv[i] === '--wall') a.wall = true;
    else if (argv[i] === '--only') a.only = argv[++i];
    else if (argv[i] === '--backend') a.backend = argv[++i];
    else if (argv[i] === '--api') a.api = argv[++i];
  }
  a.repeats = a.quick ? 3 : 5;
  a.targetS = a.quick ? 0.15 : 0.4;
  return a;
}

function printRow(system, w, res) {
  if (typeof res === 'string') console.log(`${w.id.padEnd(4)} ${String(w.batch).padStart(6)} ${res}`);
  else
    console.log(`${w.id.padEnd(4)} ${String(w.batch).padStart(6)} ${res.samplesPerS.toFixed(1).padStart(12)} ` +
                `${res.wallSamplesPerS.toFixed(1).padStart(12)} ${res.loss0.toFixed(4).padStart(10)} ` +
                `${res.lossN.toFixed(4).padStart(10)}  ${w.desc}`);
}

module.exports = { WORKLOADS, NUM_CLASSES, SEQ, makeBatch, makeSeqBatch, canonWeights, permute, toChannelsLast, timeSteps, parseArgs, printRow };
