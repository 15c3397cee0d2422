// TensorFlow.js 4.22 training throughput on the shared workloads (workloads.js), in its two APIs: 'layers'
// (tf.layers models, optimizer.minimize) and 'core' (hand-written forward functions on tf.variables,
// tf.variableGrads + optimizer.applyGradients inside tf.tidy), both plain SGD lr 0.01 with softmax
// cross-entropy, same data and initial weights as GradLab (workloads.js canonWeights). Single thread in node.
// Backends: --backend cpu (tfjs-backend-cpu, plain JS) or wasm (tfjs-backend-wasm's SIMD binary from
// node_modules). What a backend cannot run is reported "n/a (reason)". Not a test.
'use strict';
const path = require('path');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const { WORKLOADS, NUM_CLASSES, SEQ, makeBatch, makeSeqBatch, canonWeights, permute, toChannelsLast, timeSteps,
        parseArgs, printRow } = require('./workloads');

// Each network as a list of rows; conv rows carry a ReLU, fc rows the named activation (null: scores).
function netDef(id) {
  const r = 'relu';
  const cnn = (k1, f1, k2, f2, bn) => [['conv', f1, k1, 1], ...(bn ? [['bn']] : []), ['pool'], ['conv', f2, k2, 1],
                                      ...(bn ? [['bn']] : []), ['pool'], ['flatten'], ['fc', 10, null]];
  switch (id) {
    case 'W1': return [['fc', 8, 'tanh'], ['fc', 8, 'tanh'], ['fc', 2, null]];
    case 'W2': return [['fc', 128, r], ['fc', 10, null]];
    case 'W3': return cnn(5, 8, 5, 16, false);
    case 'W4': case 'W9': return cnn(3, 16, 3, 32, false);
    case 'W8': return cnn(3, 16, 3, 32, true);
    case 'W5': return [['conv', 16, 5, 1], ['pool'], ['conv', 16, 3, 1], ['pool'], ['conv', 32, 3, 2], ['flatten'],
                       ['fc', 256, r], ['fc', 10, null]];
    case 'W6': return [['lstm', SEQ.H], ['fc', SEQ.V, null]];
    case 'W7': return [['gru', SEQ.H], ['fc', SEQ.V, null]];
    default: throw new Error(`unknown workload ${id}`);
  }
}

// Per-sample input shape in TF.js's channels-last layout.
const tfInputShape = (w) => (w.input.length >= 3 ? [...w.input.slice(1), w.input[0]] : w.input);

// Walks the rows, tracking the channels-last shape, and returns per row its TF-layout initial weights (from
// the PyTorch-layout canonical ones) and output shape. gruOrder: 'zrh' for tf.layers' GRU gate order.
function planNet(w, gruOrder) {
  let shape = tfInputShape(w), j = 0, preFlatten = null;
  const plan = [];
  for (const row of netDef(w.id)) {
    const [kind, n, k, s] = row;
    const p = { row, weights: [] };
    if (kind === 'conv') {
      const C = shape[shape.length - 1], sp = shape.slice(0, -1);
      const dims = [n, C, ...sp.map(() => k)];
      p.weights = [permute(canonWeights(j++, dims), dims, sp.length === 2 ? [2, 3, 1, 0] : [2, 3, 4, 1, 0]),
                   new Float32Array(n)];
      shape = [...sp.map((v) => Math.ceil(v / s)), n];
    } else if (kind === 'pool') {
      shape = [...shape.slice(0, -1).map((v) => Math.floor(v / 2)), shape[shape.length - 1]];
    } else if (kind === 'bn') {
      const C = shape[shape.length - 1];
      p.weights = [new Float32Array(C).fill(1), new Float32Array(C)];
    } else if (kind === 'flatten') {
      preFlatten = shape;
      shape = [shape.reduce((a, b) => a * b, 1)];
    } else if (kind === 'fc') {
      const D = shape[shape.length - 1];
      if (preFlatten && shape.length === 1) {  // PyTorch flattens C x spatial, TF.js spatial x C
        const C = preFlatten[preFlatten.length - 1], sp = preFlatten.slice(0, -1);
        const dims = [n, C, ...sp];
        p.weights = [permute(canonWeights(j++, dims), dims, sp.length === 2 ? [2, 3, 1, 0] : [2, 3, 4, 1, 0])];
      } else {
        p.weights = [permute(canonWeights(j++, [n, D]), [n, D], [1, 0])];
      }
      p.weights.push(new Float32Array(n));
      preFlatten = null;
      shape = [...shape.slice(0, -1), n];
    } else {  // lstm / gru: kernel D x G*H, recurrent kernel H x G*H, bias G*H (zero)
      const D = shape[shape.length - 1], G = kind === 'lstm' ? 4 : 3;
      const ih = canonWeights(j++, [G * n, D]), hh = canonWeights(j++, [G * n, n]);
      const reorder = (m, cols) => {  // PyTorch r,z,n -> Keras z,r,h (rows of G*H x cols)
        if (kind !== 'gru' || gruOrder !== 'zrh') return m;
        const o = new Float32Array(m.length), blk = n * cols;
        o.set(m.subarray(blk, 2 * blk), 0);
        o.set(m.subarray(0, blk), blk);
        o.set(m.subarray(2 * blk), 2 * blk);
        return o;
      };
      p.weights = [permute(reorder(ih, D), [G * n, D], [1, 0]), permute(reorder(hh, n), [G * n, n], [1, 0]),
                   new Float32Array(G * n)];
      shape = [shape[0], n];
    }
    p.shape = shape;
    plan.push(p);
  }
  return plan;
}

// ---- tf.layers -------------------------------------------------------------------------------------------
function buildLayersModel(w) {
  const m = tf.sequential();
  const plan = planNet(w, 'zrh');
  let first = { inputShape: tfInputShape(w) };
  for (const { row, weights } of plan) {
    const [kind, n, k, s] = row;
    let layer;
    if (kind === 'conv') {
      const make = w.input.length === 4 ? tf.layers.conv3d : tf.layers.conv2d;
      layer = make({ filters: n, kernelSize: k, strides: s, padding: 'same', activation: 'relu', ...first });
    } else if (kind === 'pool') {
      const make = w.input.length === 4 ? tf.layers.maxPooling3d : tf.layers.maxPooling2d;
      layer = make({ poolSize: 2, strides: 2, ...first });
    } else if (kind === 'bn') layer = tf.layers.batchNormalization({ epsilon: 1e-5, momentum: 0.9, ...first });
    else if (kind === 'flatten') layer = tf.layers.flatten(first);
    else if (kind === 'fc') layer = tf.layers.dense({ units: n, activation: row[2] || 'linear', ...first });
    else {
      const make = kind === 'lstm' ? tf.layers.lstm : tf.layers.gru;
      layer = make({ units: n, returnSequences: true, recurrentActivation: 'sigmoid', ...first });
    }
    m.add(layer);
    first = {};
    if (weights.length) {
      const cur = layer.getWeights();  // the layer's own tensors: not disposed here
      const next = cur.map((t, i) => (i < weights.length ? tf.tensor(weights[i], t.shape) : t));
      layer.setWeights(next);
      next.forEach((t, i) => i < weights.length && t.dispose());
    }
  }
  return m;
}

// ---- core API --------------------------------------------------------------------------------------------
// Returns { vars, forward(x) } with one tf.variable per weight and the forward written with tf ops.
function buildCoreNet(w) {
  const plan = planNet(w, 'rzn');
  const vars = [];
  const v = (arr, shape) => {
    const t = tf.variable(tf.tensor(arr, shape));
    vars.push(t);
    return t;
  };
  let shape = tfInputShape(w);
  const fns = [];
  for (const p of plan) {
    const [kind, n, k, s] = p.row;
    const C = shape[shape.length - 1];
    if (kind === 'conv') {
      const is3d = shape.length === 4;
      const kern = v(p.weights[0], [...shape.slice(0, -1).map(() => k), C, n]), b = v(p.weights[1], [n]);
      // Stride 2: pad 1 on both sides like GradLab ('same' would pad 0/1: same shape and cost, other values).
      const pads = [[0, 0], ...shape.slice(0, -1).map(() => [(k - 1) / 2, (k - 1) / 2]), [0, 0]];
      const conv = (x) => (s === 1 ? (is3d ? tf.conv3d(x, kern, 1, 'same') : tf.conv2d(x, kern, 1, 'same'))
                           : (is3d ? tf.conv3d(tf.pad(x, pads), kern, s, 'valid') : tf.conv2d(tf.pad(x, pads), kern, s, 'valid')));
      fns.push((x) => tf.relu(tf.add(conv(x), b)));
    } else if (kind === 'pool') {
      fns.push((x) => (x.rank === 5 ? tf.maxPool3d(x, 2, 2, 'valid') : tf.maxPool(x, 2, 2, 'valid')));
    } else if (kind === 'bn') {
      const g = v(p.weights[0], [C]), b = v(p.weights[1], [C]);
      fns.push((x) => {
        const { mean, variance } = tf.moments(x, [0, 1, 2]);
        return tf.batchNorm(x, mean, variance, b, g, 1e-5);
      });
    } else if (kind === 'flatten') {
      fns.push((x) => tf.reshape(x, [x.shape[0], -1]));
    } else if (kind === 'fc') {
      const D = shape[shape.length - 1];
      const W = v(p.weights[0], [D, n]), b = v(p.weights[1], [n]);
      const act = p.row[2];
      fns.push((x) => {
        const y = tf.add(tf.matMul(x.rank === 2 ? x : tf.reshape(x, [-1, D]), W), b);
        return act === 'tanh' ? tf.tanh(y) : act === 'relu' ? tf.relu(y) : y;
      });
    } else {
      const G = kind === 'lstm' ? 4 : 3;
      const Wx = v(p.weights[0], [C, G * n]), Wh = v(p.weights[1], [n, G * n]), b = v(p.weights[2], [G * n]);
      fns.push(kind === 'lstm' ? (x) => lstmForward(x, Wx, Wh, b, n) : (x) => gruForward(x, Wx, Wh, b, n));
    }
    shape = p.shape;
  }
  return { vars, forward: (x) => fns.reduce((h, f) => f(h), x) };
}

// x N x T x D -> N x T x H; PyTorch's LSTM cell (gates i, f, g, o), zero initial state, one bias (b_ih + b_hh).
function lstmForward(x, Wx, Wh, b, H) {
  const [N, T, D] = x.shape;
  const xw = tf.unstack(tf.reshape(tf.add(tf.matMul(tf.reshape(x, [N * T, D]), Wx), b), [N, T, 4 * H]), 1);
  let h = tf.zeros([N, H]), c = tf.zeros([N, H]);
  const hs = [];
  for (let t = 0; t < T; ++t) {
    const [i, f, g, o] = tf.split(tf.add(xw[t], tf.matMul(h, Wh)), 4, 1);
    c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    h = tf.mul(tf.sigmoid(o), tf.tanh(c));
    hs.push(h);
  }
  return tf.stack(hs, 1);
}

// PyTorch's GRU cell (gates r, z, n; n = tanh(x_n + r * (h W_hn))), zero initial state; b_hh is zero at
// the start and is left out (one bias on the input side).
function gruForward(x, Wx, Wh, b, H) {
  const [N, T, D] = x.shape;
  const xw = tf.unstack(tf.reshape(tf.add(tf.matMul(tf.reshape(x, [N * T, D]), Wx), b), [N, T, 3 * H]), 1);
  let h = tf.zeros([N, H]);
  const hs = [];
  for (let t = 0; t < T; ++t) {
    const [xr, xz, xn] = tf.split(xw[t], 3, 1);
    const [hr, hz, hn] = tf.split(tf.matMul(h, Wh), 3, 1);
    const r = tf.sigmoid(tf.add(xr, hr)), z = tf.sigmoid(tf.add(xz, hz));
    const nn = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    h = tf.add(tf.mul(tf.sub(1, z), nn), tf.mul(z, h));
    hs.push(h);
  }
  return tf.stack(hs, 1);
}

// ---- timing ----------------------------------------------------------------------------------------------
function batchTensors(w) {
  if (w.id === 'W6' || w.id === 'W7') {
    const { x, y } = makeSeqBatch(w);
    return { xs: tf.tensor(x, [w.batch, SEQ.T, SEQ.V]), ys: tf.oneHot(tf.tensor1d(y, 'int32'), SEQ.V).toFloat() };
  }
  const { x, y } = makeBatch(w);
  return { xs: tf.tensor(toChannelsLast(x, w.batch, w.input), [w.batch, ...tfInputShape(w)]),
           ys: tf.oneHot(tf.tensor1d(y, 'int32'), NUM_CLASSES[w.id]).toFloat() };
}

async function runWorkload(w, api, args) {
  const { xs, ys } = batchTensors(w);
  const opt = tf.train.sgd(0.01);
  const net = api === 'layers' ? buildLayersModel(w) : buildCoreNet(w);
  const scores = (train) => {
    const out = api === 'layers' ? net.apply(xs, { training: train }) : net.forward(xs);
    return out.rank === 3 ? tf.reshape(out, [-1, out.shape[2]]) : out;
  };
  const lossFn = (train) => () => tf.losses.softmaxCrossEntropy(ys, scores(train));
  let step;
  if (w.infer) {
    step = async () => tf.tidy(lossFn(false)).dataSync()[0];
  } else if (api === 'layers') {
    step = async () => {
      const loss = opt.minimize(lossFn(true), true);
      const v = loss.dataSync()[0];  // synchronous read: waits for the step, no event-loop idle time
      loss.dispose();
      return v;
    };
  } else {
    step = async () => {
      const v = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(lossFn(true), net.vars);
        opt.applyGradients(grads);
        return value;
      });
      const out = v.dataSync()[0];
      v.dispose();
      return out;
    };
  }
  try {
    return await timeSteps(step, w.batch, args);
  } finally {
    xs.dispose();
    ys.dispose();
    if (api === 'layers') net.dispose();
    else net.vars.forEach((t) => t.dispose());
    opt.dispose();
  }
}

async function main() {
  const args = parseArgs(process.argv);
  if (args.backend === 'wasm') {
    wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
    wasm.setThreadsCount(1);
  }
  await tf.setBackend(args.backend);
  await tf.ready();
  const simd = args.backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : false;
  const out = { version: tf.version.tfjs, clock: args.wall ? 'wall' : 'cpu', simd, backend: args.backend, apis: {} };
  for (const api of args.api ? [args.api] : ['layers', 'core']) {
    const system = `tfjs-${args.backend}-${api}`;
    console.log(`TensorFlow.js ${tf.version.tfjs} (${args.backend} backend${args.backend === 'wasm' ? `, SIMD ${simd}` : ''}, ` +
                `${api} API), samples/s, median of ${args.repeats}, ${args.wall ? 'wall' : 'CPU'} time`);
    const results = {}, loss0 = {};
    for (const w of WORKLOADS) {
      if (args.only && args.only !== w.id) continue;
      try {
        const r = await runWorkload(w, api, args);
        printRow(system, w, r);
        results[w.id] = Number(r.samplesPerS.toFixed(2));
        loss0[w.id] = r.loss0;
      } catch (e) {
        const reason = String(e && e.message ? e.message : e).split('\n')[0].slice(0, 150);
        printRow(system, w, `n/a (${reason})`);
        results[w.id] = `n/a (${reason})`;
      }
    }
    out.apis[api] = { results, loss0 };
  }
  console.log('train_json: ' + JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
