// Frame measurements in headless Chromium (not a test: prints numbers for a before/after comparison).
// For each state: frames per second, GL time per frame (the app's smoothed gl_ms, averaged over samples),
// frame work, training steps/s and, when the app reports them, GPU uploads per frame.
// Usage: GRADLAB_URL=http://127.0.0.1:PORT/ node tests/browser/measure_frames.mjs [seconds]
import { launch, openApp, state, frames } from './lib.mjs';

const SECONDS = Number(process.argv[2] || 6);
const CASES = [
  ['boundary, training the default net', 'tab=boundary'],
  ['classifiers, training the default net', 'tab=classifiers'],
  ['boundary, paused', 'tab=boundary&play=0'],
  ['optimizers, training', 'tab=optimizers'],
];

async function measure(browser, hash) {
  const { page } = await openApp(browser, hash);
  await frames(page, 30);  // warm up: shaders compiled, textures sized
  const t0 = Date.now();
  const s0 = await state(page);
  const sums = { gl: 0, cpu: 0, sps: 0, uploads: 0, n: 0 };
  while (Date.now() - t0 < SECONDS * 1000) {
    await new Promise((r) => setTimeout(r, 250));
    const s = await state(page);
    sums.gl += s.gl_ms; sums.cpu += s.cpu_ms; sums.sps += s.train.steps_per_second;
    sums.uploads += s.gpu_uploads ?? NaN; sums.n++;
  }
  const s1 = await state(page);
  const secs = (Date.now() - t0) / 1000;
  await page.context().close();
  return {
    fps: (s1.frames - s0.frames) / secs,
    gl_ms: sums.gl / sums.n,
    cpu_ms: sums.cpu / sums.n,
    steps_per_s: sums.sps / sums.n,
    steps_total_per_s: ((s1.train.step ?? 0) - (s0.train.step ?? 0)) / secs,
    uploads_per_frame: sums.uploads / sums.n,
  };
}

const browser = await launch();
try {
  for (const [name, hash] of CASES) {
    const m = await measure(browser, hash);
    console.log(`${name.padEnd(40)} fps ${m.fps.toFixed(1).padStart(5)}  GL ${m.gl_ms.toFixed(1).padStart(5)} ms/frame  ` +
                `work ${m.cpu_ms.toFixed(1).padStart(5)} ms  steps/s ${m.steps_per_s.toFixed(0).padStart(5)} ` +
                `(${m.steps_total_per_s.toFixed(0)} from step counter)  uploads/frame ${m.uploads_per_frame.toFixed(2)}`);
  }
} finally {
  await browser.close();
}
