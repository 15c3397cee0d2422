// Page benchmark: GradLab's site (build/web) served from 127.0.0.1 and opened in headless Chromium (Debian's,
// WebGL2 through SwiftShader, as tests/browser/lib.mjs): download bytes (raw and gzip -9), what the page fetches
// at start-up, time from navigation to the engine ready / first frame / first training step (cold cache,
// median of runs), frame work (engine + UI, measured in the wasm main loop) and GL submission per frame on every
// tab while the default net trains, and training steps/s in the page on the default net and on the W3 CNN.
// Writes page.md (a section of BENCHMARKS.md) and prints one "page_json: {...}" line. Not a test.
// Usage: node tests/bench/page_bench.mjs --web build/web --port 8104 --out build/bench-results [--quick]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launch } from '../browser/lib.mjs';

const args = { web: 'build/web', port: 8104, out: null, quick: false };
for (let i = 2; i < process.argv.length; ++i) {
  const a = process.argv[i];
  if (a === '--web') args.web = process.argv[++i];
  else if (a === '--port') args.port = Number(process.argv[++i]);
  else if (a === '--out') args.out = process.argv[++i];
  else if (a === '--quick') args.quick = true;
}
const BASE = `http://127.0.0.1:${args.port}/`;
const TABS = ['boundary', 'curves', 'data', 'inspector', 'inside', 'graph', 'optimizers', 'compare', 'batchnorm',
              'classifiers'];
const W3 = 'INPUT 1 x 28 x 28\nCONV5-8-p2-s1\nPOOL2\nCONV5-16-p2-s1\nPOOL2\nFC-10\nSOFTMAX';
const W3_DIGITS = 'INPUT 1 x 8 x 8\nCONV5-8-p2-s1\nPOOL2\nCONV5-16-p2-s1\nPOOL2\nFC-10\nSOFTMAX';
const median = (v) => {
  const s = [...v].sort((a, b) => a - b), n = s.length;
  return n ? (n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2])) : NaN;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function serve() {
  const server = spawn('/usr/bin/python3', ['-m', 'http.server', String(args.port), '--bind', '127.0.0.1',
                                            '--directory', args.web], { stdio: 'ignore' });
  for (let i = 0; i < 100; ++i) {
    try {
      if ((await fetch(BASE)).ok) return server;
    } catch (e) { /* not up yet */ }
    await sleep(100);
  }
  server.kill();
  throw new Error(`page_bench: no server on ${BASE}`);
}

// Sizes of the site's files, raw and gzip -9 (what a compressing server would send).
function siteBytes() {
  const files = {};
  for (const f of fs.readdirSync(args.web)) {
    const buf = fs.readFileSync(path.join(args.web, f));
    files[f] = { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
  }
  return files;
}

// Records, in the page, when the engine is ready (window.gradlabState exists), the first frame is drawn and the
// first training step is done, in ms since navigation start.
const PROBE = () => {
  window.__bench = {};
  const tick = () => {
    const b = window.__bench, now = performance.now();
    if (window.gradlabState) {
      b.ready = b.ready || now;
      const s = window.gradlabState();
      if (!b.first_frame && s.frames >= 1) b.first_frame = now;
      if (!b.first_step && s.train && s.train.step >= 1) b.first_step = now;
    }
    if (!b.first_step) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

async function openPage(browser, hash) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });  // fresh: cold cache
  const page = await context.newPage();
  const requests = [];
  const t0 = Date.now();
  page.on('request', (r) => requests.push({ url: r.url().replace(BASE, ''), t: Date.now() - t0 }));
  await page.addInitScript(PROBE);
  await page.goto(BASE + (hash ? '#' + hash : ''));
  await page.waitForFunction(() => window.gradlabProblem || (window.__bench && window.__bench.first_step), null,
                             { timeout: 120000 });
  const problem = await page.evaluate(() => window.gradlabProblem || null);
  if (problem) throw new Error('page shows a problem: ' + problem);
  return { context, page, requests };
}

async function loadTimes(browser, runs) {
  const samples = [];
  let requests = [];
  for (let r = 0; r < runs; ++r) {
    const { context, page, requests: req } = await openPage(browser, '');
    await sleep(1500);  // let background fetches start
    const t = await page.evaluate(() => {
      const res = performance.getEntriesByType('resource').find((e) => e.name.endsWith('gradlab.wasm'));
      return { ...window.__bench, wasm_loaded: res ? res.responseEnd : null, hash: location.hash };
    });
    samples.push(t);
    requests = req;
    await context.close();
  }
  const pick = (k) => median(samples.map((s) => s[k]).filter((v) => typeof v === 'number'));
  return { wasm_loaded: pick('wasm_loaded'), ready: pick('ready'), first_frame: pick('first_frame'),
           first_step: pick('first_step'), runs, default_hash: samples[0].hash, requests };
}

// Samples the app's own per-frame numbers for `ms` after `warm` frames.
async function sampleFrames(page, ms) {
  const start = await page.evaluate(() => window.gradlabState().frames);
  await page.waitForFunction((n) => window.gradlabState().frames >= n, start + 60, { timeout: 120000 });
  const s = [];
  const f0 = await page.evaluate(() => ({ frames: window.gradlabState().frames, t: performance.now() }));
  for (let t = 0; t < ms; t += 200) {
    await sleep(200);
    s.push(await page.evaluate(() => window.gradlabState()));
  }
  const f1 = await page.evaluate(() => ({ frames: window.gradlabState().frames, t: performance.now() }));
  const last = s[s.length - 1];
  return { cpu_ms: median(s.map((x) => x.cpu_ms)), gl_ms: median(s.map((x) => x.gl_ms)),
           frame_ms: median(s.map((x) => x.frame_ms)), fps: (1000 * (f1.frames - f0.frames)) / (f1.t - f0.t),
           steps_per_s: median(s.map((x) => x.train.steps_per_second || 0)), tab: last.tab,
           error: last.train.error || '', step: last.train.step };
}

async function tabFrames(browser, defaultHash, ms) {
  const out = {};
  for (const tab of TABS) {
    const hash = defaultHash.replace(/^#/, '').replace(/(^|&)tab=[^&]*/, '') + `&tab=${tab}`;
    const { context, page } = await openPage(browser, hash);
    out[tab] = await sampleFrames(page, ms);
    await context.close();
  }
  return out;
}

async function cnnSteps(browser, spec, data, ms) {
  const hash = `spec=${encodeURIComponent(spec)}&data=${data}&opt=sgd&lr=0.01&seed=1&tab=curves`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(BASE + '#' + hash);
  await page.waitForFunction(() => window.gradlabState && window.gradlabState().ready, null, { timeout: 120000 });
  // The link's image set waits for the pack, which the app asks for; it is applied when the pack arrives.
  await page.waitForFunction(() => (window.gradlabState().train.step || 0) >= 5, null, { timeout: 120000 })
    .catch(async () => {
      const s = await page.evaluate(() => window.gradlabState().train);
      throw new Error(`${data}: no training steps (${s.error || 'no error'})`);
    });
  const r = await sampleFrames(page, ms);
  await context.close();
  return r;
}

// The image pack on demand: the default page (which fetches no pack), then a digits link; ms from the link to
// the pack's last byte and to the first training step on digits (download + unpack + build + one step).
async function packOnDemand(browser) {
  const { context, page, requests } = await openPage(browser, '');
  await sleep(1500);
  const before = requests.filter((r) => r.url.includes('images.glpack')).length;
  const arrived = page.waitForResponse((r) => r.url().endsWith('images.glpack'), { timeout: 120000 });
  const t0 = await page.evaluate((spec) => {
    location.hash = `spec=${encodeURIComponent(spec)}&data=digits&opt=sgd&lr=0.01&seed=1&tab=curves`;
    return performance.now();
  }, W3_DIGITS);
  await (await arrived).finished();
  const t_pack = await page.evaluate(() => {
    const e = performance.getEntriesByType('resource').find((x) => x.name.endsWith('images.glpack'));
    return e ? e.responseEnd : NaN;
  });
  await page.waitForFunction(() => {
    const t = window.gradlabState().train;
    return t.data === 'digits' && (t.step || 0) >= 1;
  }, null, { timeout: 120000 });
  const t_step = await page.evaluate(() => performance.now());
  await context.close();
  return { fetched_before_pick: before, pack_ms: t_pack - t0, first_step_ms: t_step - t0 };
}

// The site's files requested up to 1.5 s after the first training step of a default load.
function startupFiles(res) {
  const startup = res.load.requests.filter((r) => r.t < res.load.first_step + 1500);
  return [...new Set(startup.map((r) => r.url.split('#')[0] || 'index.html'))];
}

function markdown(res) {
  const b = res.bytes, mb = (n) => (n / 1048576).toFixed(2);
  const fetched = startupFiles(res);
  const sum = (names, k) => names.reduce((a, n) => a + (b[n] ? b[n][k] : 0), 0);
  const core = ['index.html', 'gradlab.js', 'gradlab.wasm'];
  const fmtMs = (v) => (Number.isFinite(v) ? v.toFixed(0) : '-');
  const lines = [];
  lines.push(`Served by python3 -m http.server from 127.0.0.1 (no compression), Chromium ${res.chromium}, headless, ` +
             `WebGL2 through SwiftShader, 1280 x 800; load average at the start ${res.load_avg}.`);
  lines.push('');
  lines.push('### Download');
  lines.push('| file | raw bytes | gzip -9 bytes | fetched at start-up |');
  lines.push('| --- | --- | --- | --- |');
  for (const [f, v] of Object.entries(b))
    lines.push(`| ${f} | ${v.raw} | ${v.gzip} | ${fetched.includes(f) ? 'yes' : 'no'} |`);
  lines.push('');
  lines.push(`Engine + page (index.html, gradlab.js, gradlab.wasm): ${mb(sum(core, 'raw'))} MB raw, ` +
             `${mb(sum(core, 'gzip'))} MB gzip. Everything fetched at start-up: ${mb(sum(fetched, 'raw'))} MB raw, ` +
             `${mb(sum(fetched, 'gzip'))} MB gzip. The image pack (images.glpack) holds the digits and Fashion-MNIST ` +
             `sets and is needed only when one of them is picked; ${fetched.includes('images.glpack')
               ? 'the page fetches it in the background right after the engine is ready (it does not delay ready).'
               : 'the page does not fetch it at start-up, but when an image set is first wanted (a data control, ' +
                 'a link or a lab naming one).'}` +
             (res.pack ? ` Measured: a default load fetched it ${res.pack.fetched_before_pick} times; after a digits ` +
                         `link on the loaded page it arrived in ${fmtMs(res.pack.pack_ms)} ms and the first step on ` +
                         `digits ran ${fmtMs(res.pack.first_step_ms)} ms after the link (localhost, no compression).` : ''));
  lines.push('');
  lines.push(`### Start-up, ms from navigation (cold cache, median of ${res.load.runs})`);
  lines.push('| wasm downloaded | engine ready (compiled, instantiated, fonts, main) | first frame | first training step |');
  lines.push('| --- | --- | --- | --- |');
  lines.push(`| ${fmtMs(res.load.wasm_loaded)} | ${fmtMs(res.load.ready)} | ${fmtMs(res.load.first_frame)} | ` +
             `${fmtMs(res.load.first_step)} |`);
  lines.push('');
  lines.push(`### Per frame on each tab while the default net trains (${res.default_hash})`);
  lines.push('| tab | frame work ms (engine + UI) | GL submission ms | frame interval ms | frames/s | training steps/s |');
  lines.push('| --- | --- | --- | --- | --- | --- |');
  for (const [tab, v] of Object.entries(res.tabs))
    lines.push(`| ${tab} | ${v.cpu_ms.toFixed(2)} | ${v.gl_ms.toFixed(2)} | ${v.frame_ms.toFixed(1)} | ` +
               `${v.fps.toFixed(0)} | ${v.steps_per_s.toFixed(0)} |`);
  lines.push('');
  lines.push('### Training in the page, steps/s (batch 32)');
  lines.push('| net | data | steps/s | samples/s | frame work ms |');
  lines.push('| --- | --- | --- | --- | --- |');
  const def = res.tabs.boundary;
  lines.push(`| default | default | ${def.steps_per_s.toFixed(0)} | ${(32 * def.steps_per_s).toFixed(0)} | ${def.cpu_ms.toFixed(2)} |`);
  for (const c of res.cnn)
    lines.push(`| ${c.name} | ${c.data} | ${c.error ? 'n/a (' + c.error + ')' : c.steps_per_s.toFixed(1)} | ` +
               `${c.error ? '-' : (32 * c.steps_per_s).toFixed(0)} | ${c.error ? '-' : c.cpu_ms.toFixed(2)} |`);
  lines.push('');
  lines.push('What SwiftShader does to these numbers: it rasterises WebGL on the CPU, on the same two cores, so the GL ' +
             'submission time, the frame interval and frames/s measure SwiftShader, not a GPU (meaningless for a ' +
             'user with a graphics card), and steps/s in the page, which trains for a time budget per frame, is ' +
             'lowered when rendering slows the frames. Frame work (engine + ImGui, timed inside the wasm main loop), ' +
             'the download sizes and the start-up times up to "engine ready" do not involve the GPU and are ' +
             'meaningful (start-up from localhost, so network time is left out).');
  return lines.join('\n');
}

async function main() {
  const server = await serve();
  const browser = await launch();
  try {
    const res = { bytes: siteBytes(), chromium: browser.version(), load_avg: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') };
    res.load = await loadTimes(browser, args.quick ? 1 : 3);
    res.default_hash = res.load.default_hash;
    res.tabs = await tabFrames(browser, res.load.default_hash, args.quick ? 1000 : 2000);
    res.pack = await packOnDemand(browser);
    res.cnn = [];
    for (const [name, spec, data] of [['W3', W3, 'fashion'], ['W3 layers on 8 x 8', W3_DIGITS, 'digits']]) {
      try {
        res.cnn.push({ name, data, ...(await cnnSteps(browser, spec, data, args.quick ? 1500 : 3000)) });
      } catch (e) {
        res.cnn.push({ name, data, error: String(e.message || e).slice(0, 120) });
      }
    }
    const md = markdown(res);
    console.log(md);
    if (args.out) fs.writeFileSync(path.join(args.out, 'page.md'), md + '\n');
    console.log('page_json: ' + JSON.stringify({ load: { ...res.load, requests: undefined, startup_files: startupFiles(res) },
                                                 tabs: res.tabs, cnn: res.cnn, bytes: res.bytes, pack: res.pack }));
  } finally {
    await browser.close();
    server.kill();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
