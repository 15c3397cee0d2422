// Frame measurements in headless Chromium (not a test: prints numbers for a before/after comparison).
// For each state: frames per second, GL time per frame (the app's smoothed gl_ms, averaged over samples),
// frame work, training steps/s and, when the app reports them, GPU uploads and texels written per frame.
// Usage: GRADLAB_URL=http://127.0.0.1:PORT/ node tests/browser/measure_frames.mjs [seconds] [rounds]
// With GRADLAB_URL_BEFORE=http://127.0.0.1:OTHER/ (an older build served beside), every case runs on both
// builds in alternation, `rounds` times (default 3), and the medians are printed side by side: on a shared
// machine the load drifts within minutes, so only measurements taken in turn compare fairly.
import { launch } from './lib.mjs';

const SECONDS = Number(process.argv[2] || 6);
const ROUNDS = Number(process.argv[3] || 3);
const AFTER = process.env.GRADLAB_URL || 'http://127.0.0.1:8765/';
const BEFORE = process.env.GRADLAB_URL_BEFORE || '';
const CASES = [
  ['boundary, training the default net', 'tab=boundary'],
  ['classifiers, training the default net', 'tab=classifiers'],
  ['boundary, paused', 'tab=boundary&play=0'],
  ['optimizers, training', 'tab=optimizers'],
];

async function measure(browser, base, hash) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(base + '#' + hash);
  await page.waitForFunction(() => window.gradlabState && window.gradlabState().ready, null, { timeout: 60000 });
  const state = () => page.evaluate(() => window.gradlabState());
  const start = (await state()).frames;  // warm up: shaders compiled, textures sized
  await page.waitForFunction((n) => window.gradlabState().frames >= n, start + 30, { timeout: 60000 });
  const t0 = Date.now();
  const s0 = await state();
  const sums = { gl: 0, cpu: 0, sps: 0, uploads: 0, texels: 0, n: 0 };
  while (Date.now() - t0 < SECONDS * 1000) {
    await new Promise((r) => setTimeout(r, 250));
    const s = await state();
    sums.gl += s.gl_ms; sums.cpu += s.cpu_ms; sums.sps += s.train.steps_per_second;
    sums.uploads += s.gpu_uploads ?? NaN; sums.texels += s.gpu_texels ?? NaN; sums.n++;
  }
  const s1 = await state();
  const secs = (Date.now() - t0) / 1000;
  await context.close();
  return {
    fps: (s1.frames - s0.frames) / secs,
    gl_ms: sums.gl / sums.n,
    cpu_ms: sums.cpu / sums.n,
    steps_per_s: sums.sps / sums.n,
    steps_total_per_s: ((s1.train.step ?? 0) - (s0.train.step ?? 0)) / secs,
    uploads_per_frame: sums.uploads / sums.n,
    texels_per_frame: sums.texels / sums.n,
  };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const line = (m) => `fps ${m.fps.toFixed(1).padStart(5)}  GL ${m.gl_ms.toFixed(1).padStart(6)} ms/frame  ` +
  `work ${m.cpu_ms.toFixed(1).padStart(5)} ms  steps/s ${m.steps_per_s.toFixed(0).padStart(5)} ` +
  `(${m.steps_total_per_s.toFixed(0)} from step counter)  uploads/frame ${m.uploads_per_frame.toFixed(2)}` +
  (Number.isNaN(m.texels_per_frame) ? '' : `  texels/frame ${m.texels_per_frame.toFixed(0)}`);

const browser = await launch();
try {
  for (const [name, hash] of CASES) {
    if (!BEFORE) {
      console.log(`${name.padEnd(40)} ${line(await measure(browser, AFTER, hash))}`);
      continue;
    }
    const runs = { before: [], after: [] };
    for (let r = 0; r < ROUNDS; ++r) {  // alternate, starting with a different build each round
      const order = r % 2 ? ['after', 'before'] : ['before', 'after'];
      for (const which of order) runs[which].push(await measure(browser, which === 'before' ? BEFORE : AFTER, hash));
    }
    console.log(name);
    for (const which of ['before', 'after']) {
      const ms = runs[which];
      const med = {};
      for (const k of Object.keys(ms[0])) med[k] = median(ms.map((m) => m[k]));
      console.log(`  ${which.padEnd(7)} median of ${ROUNDS}: ${line(med)}   (GL per round: ${ms.map((m) => m.gl_ms.toFixed(0)).join(', ')})`);
    }
  }
} finally {
  await browser.close();
}
