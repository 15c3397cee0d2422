// TensorFlow.js 4.22 training throughput on the shared workloads (workloads.js): tf.layers models built to
// match GradLab's specs, a custom step (optimizer.minimize on softmax cross-entropy, plain SGD lr 0.01),
// single thread in node. Backends: --backend cpu (tfjs-backend-cpu, plain JS) or wasm (tfjs-backend-wasm's
// SIMD binary loaded from node_modules). A workload a backend cannot run is reported "n/a (reason)".
'use strict';
const path = require('path');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const { WORKLOADS, NUM_CLASSES, makeBatch, toChannelsLast, timeSteps, parseArgs, printRow } = require('./workloads');

function buildModel(id) {
  const m = tf.sequential();
  const relu = 'relu';
  switch (id) {
    case 'W1':
      m.add(tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }));
      m.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
      m.add(tf.layers.dense({ units: 2 }));
      break;
    case 'W2':
      m.add(tf.layers.dense({ units: 128, activation: relu, inputShape: [784] }));
      m.add(tf.layers.dense({ units: 10 }));
      break;
    case 'W3':
      m.add(tf.layers.conv2d({ filters: 8, kernelSize: 5, padding: 'same', activation: relu, inputShape: [28, 28, 1] }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
      m.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, padding: 'same', activation: relu }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 10 }));
      break;
    case 'W4':
      m.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: relu, inputShape: [32, 32, 3] }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
      m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: relu }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 10 }));
      break;
    case 'W5':  // 'same' with stride 2 pads 0/1 instead of 1/1: same output 32 x 1 x 8 x 8, same cost
      m.add(tf.layers.conv3d({ filters: 16, kernelSize: 5, padding: 'same', activation: relu, inputShape: [8, 64, 64, 3] }));
      m.add(tf.layers.maxPooling3d({ poolSize: 2, strides: 2 }));
      m.add(tf.layers.conv3d({ filters: 16, kernelSize: 3, padding: 'same', activation: relu }));
      m.add(tf.layers.maxPooling3d({ poolSize: 2, strides: 2 }));
      m.add(tf.layers.conv3d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: relu }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 256, activation: relu }));
      m.add(tf.layers.dense({ units: 10 }));
      break;
    default:
      throw new Error(`unknown workload ${id}`);
  }
  return m;
}

async function runWorkload(w, args) {
  const model = buildModel(w.id);
  const { x, y } = makeBatch(w);
  const xs = tf.tensor(toChannelsLast(x, w.batch, w.input),
                       [w.batch, ...(w.input.length >= 3 ? [...w.input.slice(1), w.input[0]] : w.input)]);
  const ys = tf.oneHot(tf.tensor1d(y, 'int32'), NUM_CLASSES[w.id]).toFloat();
  const opt = tf.train.sgd(0.01);
  const step = async () => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true })), true);
    const v = loss.dataSync()[0];  // synchronous read: waits for the step, no event-loop idle time
    loss.dispose();
    return v;
  };
  try {
    return await timeSteps(step, w.batch, args);
  } finally {
    xs.dispose();
    ys.dispose();
    model.dispose();
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
  const system = `tfjs-${args.backend}`;
  console.log(`TensorFlow.js ${tf.version.tfjs} (${args.backend} backend${args.backend === 'wasm' ? `, SIMD ${simd}` : ''}), ` +
              `samples/s, median of ${args.repeats}, ${args.wall ? 'wall' : 'CPU'} time`);
  const results = {};
  for (const w of WORKLOADS) {
    if (args.only && args.only !== w.id) continue;
    try {
      const r = await runWorkload(w, args);
      printRow(system, w, r);
      results[w.id] = Number(r.samplesPerS.toFixed(2));
    } catch (e) {
      const reason = String(e && e.message ? e.message : e).split('\n')[0].slice(0, 150);
      printRow(system, w, `n/a (${reason})`);
      results[w.id] = `n/a (${reason})`;
    }
  }
  console.log('train_json: ' + JSON.stringify({ system, version: tf.version.tfjs, clock: args.wall ? 'wall' : 'cpu', simd, results }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
