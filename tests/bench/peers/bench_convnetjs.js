// ConvNetJS 0.3 training throughput on the shared workloads (workloads.js): the same networks in ConvNetJS's
// layer definitions with the same initial weights (canonWeights), its Trainer with plain SGD (lr 0.01,
// momentum 0, no weight decay, update every `batch` samples; ConvNetJS processes one sample at a time); W9 is
// net.forward only. It has no 3D convolution, recurrent layers or batch norm: W5-W8 are "n/a".
'use strict';
const convnetjs = require('convnetjs');
const { WORKLOADS, makeBatch, canonWeights, timeSteps, parseArgs, printRow } = require('./workloads');

function layerDefs(id) {
  const relu = 'relu';
  switch (id) {
    case 'W1':
      return [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: 2 },
              { type: 'fc', num_neurons: 8, activation: 'tanh' }, { type: 'fc', num_neurons: 8, activation: 'tanh' },
              { type: 'softmax', num_classes: 2 }];
    case 'W2':
      return [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: 784 },
              { type: 'fc', num_neurons: 128, activation: relu }, { type: 'softmax', num_classes: 10 }];
    case 'W3':
      return [{ type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
              { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 2, activation: relu }, { type: 'pool', sx: 2, stride: 2 },
              { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 2, activation: relu }, { type: 'pool', sx: 2, stride: 2 },
              { type: 'softmax', num_classes: 10 }];
    case 'W4':
    case 'W9':
      return [{ type: 'input', out_sx: 32, out_sy: 32, out_depth: 3 },
              { type: 'conv', sx: 3, filters: 16, stride: 1, pad: 1, activation: relu }, { type: 'pool', sx: 2, stride: 2 },
              { type: 'conv', sx: 3, filters: 32, stride: 1, pad: 1, activation: relu }, { type: 'pool', sx: 2, stride: 2 },
              { type: 'softmax', num_classes: 10 }];
    default:
      return null;
  }
}

const NO_LAYERS = { W5: 'no 3D convolution in ConvNetJS', W6: 'no recurrent layers in ConvNetJS',
                    W7: 'no recurrent layers in ConvNetJS', W8: 'no batch norm in ConvNetJS' };

// Overwrites the conv / fc filters with the shared weights (PyTorch layout out x C x kh x kw, or out x C*H*W for
// an fc after a volume); ConvNetJS stores a filter as a Vol indexed ((sx * y) + x) * depth + d. Biases 0.
function setCanonWeights(net) {
  let j = 0;
  net.layers.forEach((L, i) => {
    if (L.layer_type !== 'conv' && L.layer_type !== 'fc') return;
    const n = L.filters.length, f0 = L.filters[0], prev = net.layers[i - 1];
    const [W, H, C] = L.layer_type === 'conv' ? [f0.sx, f0.sy, f0.depth] : [prev.out_sx, prev.out_sy, prev.out_depth];
    const wt = canonWeights(j++, [n, C, H, W]);
    for (let o = 0; o < n; ++o) {
      for (let c = 0; c < C; ++c)
        for (let y = 0; y < H; ++y)
          for (let x = 0; x < W; ++x) L.filters[o].w[((W * y) + x) * C + c] = wt[((o * C + c) * H + y) * W + x];
      L.biases.w[o] = 0;
    }
  });
}

async function runWorkload(w, args) {
  const defs = layerDefs(w.id);
  if (!defs) throw new Error(NO_LAYERS[w.id]);
  const net = new convnetjs.Net();
  net.makeLayers(defs);
  setCanonWeights(net);
  const trainer = new convnetjs.Trainer(net, { method: 'sgd', learning_rate: 0.01, momentum: 0.0, l2_decay: 0.0,
                                               batch_size: w.batch });
  const { x, y } = makeBatch(w);
  const per = w.input.reduce((a, b) => a * b, 1);
  const [C, H, W] = w.input.length === 3 ? w.input : [w.input[0], 1, 1];
  const vols = [];
  for (let i = 0; i < w.batch; ++i) {  // ConvNetJS Vol layout: ((y * sx) + x) * depth + d
    const v = new convnetjs.Vol(W, H, C, 0.0);
    for (let c = 0; c < C; ++c)
      for (let h = 0; h < H; ++h)
        for (let q = 0; q < W; ++q) v.set(q, h, c, x[i * per + (c * H + h) * W + q]);
    vols.push(v);
  }
  const infer = async () => {  // W9: forward only; the loss from the softmax output
    let loss = 0;
    for (let i = 0; i < w.batch; ++i) loss -= Math.log(net.forward(vols[i], false).w[y[i]]);
    return loss / w.batch;
  };
  const step = w.infer ? infer : async () => {  // one batch: `batch` samples, one SGD update at the end
    let loss = 0;
    for (let i = 0; i < w.batch; ++i) loss += trainer.train(vols[i], y[i]).loss;
    return loss / w.batch;
  };
  return timeSteps(step, w.batch, args);
}

async function main() {
  const args = parseArgs(process.argv);
  console.log(`ConvNetJS 0.3, samples/s, median of ${args.repeats}, ${args.wall ? 'wall' : 'CPU'} time`);
  const results = {}, loss0 = {};
  for (const w of WORKLOADS) {
    if (args.only && args.only !== w.id) continue;
    try {
      const r = await runWorkload(w, args);
      printRow('convnetjs', w, r);
      results[w.id] = Number(r.samplesPerS.toFixed(2));
      loss0[w.id] = r.loss0;
    } catch (e) {
      const reason = String(e && e.message ? e.message : e).split('\n')[0].slice(0, 150);
      printRow('convnetjs', w, `n/a (${reason})`);
      results[w.id] = `n/a (${reason})`;
    }
  }
  console.log('train_json: ' + JSON.stringify({ system: 'convnetjs', version: '0.3.0', clock: args.wall ? 'wall' : 'cpu', results, loss0 }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
