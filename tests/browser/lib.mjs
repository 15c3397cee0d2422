// Helpers for GradLab's browser tests: launch Debian's Chromium headless with WebGL2 through SwiftShader,
// open the page at a URL state, wait until the app reports ready through window.gradlabState(), collect
// console errors, and measure whether a screenshot is blank (luminance variance), decoded in the page.
import { chromium } from 'playwright-core';

export const BASE = process.env.GRADLAB_URL || 'http://127.0.0.1:8765/';
export const SHOTS = process.env.GRADLAB_SHOTS || '.';

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
           '--ignore-gpu-blocklist', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
}

// Opens the app; returns {page, errors}. errors collects console errors and page exceptions.
// Other options (colorScheme, reducedMotion, ...) go to the browser context.
export async function openApp(browser, hash = '', { width = 1280, height = 800, dpr = 1, ...options } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(BASE + (hash ? '#' + hash.replace(/^#/, '') : ''));
  await page.waitForFunction(() => window.gradlabProblem || (window.gradlabState && window.gradlabState().ready),
                             null, { timeout: 60000 });
  const problem = await page.evaluate(() => window.gradlabProblem || null);
  if (problem) throw new Error('page shows a problem: ' + problem);
  return { page, errors };
}

export async function state(page) {
  return page.evaluate(() => window.gradlabState());
}

// Waits until at least n more frames have been drawn.
export async function frames(page, n) {
  const start = (await state(page)).frames;
  await page.waitForFunction((target) => window.gradlabState().frames >= target, start + n, { timeout: 60000 });
}

// Screenshot to SHOTS/name.png; returns {variance, distinct} of its luminance.
export async function shot(page, name) {
  const png = await page.screenshot({ path: `${SHOTS}/${name}.png` });
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let s = 0, s2 = 0, n = 0;
    const levels = new Set();
    for (let i = 0; i < d.length; i += 16) {
      const l = (d[i] + d[i + 1] + d[i + 2]) / 3;
      s += l; s2 += l * l; n++; levels.add(l | 0);
    }
    const mean = s / n;
    return { variance: s2 / n - mean * mean, distinct: levels.size };
  }, png.toString('base64'));
}
