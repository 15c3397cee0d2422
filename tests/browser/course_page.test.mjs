// docs/course-page.html served from a second origin, with GradLab in two iframes (?gradlab=<site URL>):
// GradLab says "ready" to its parent, a student solves the weights exercise in its frame (click, type,
// Enter), the page lists the result it heard; GradLab loads a hash the parent sends in the protocol's shape
// and ignores messages in any other shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { launch, BASE, SHOTS } from './lib.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
// A second origin for the course page: its own port (GradLab's + 1000 unless COURSE_PAGE_PORT says).
const COURSE_PORT = Number(process.env.COURSE_PAGE_PORT) || Number(new URL(BASE).port) + 1000;

async function serveDocs() {
  const server = spawn('/usr/bin/python3', ['-m', 'http.server', String(COURSE_PORT), '--bind', '127.0.0.1', '--directory', `${ROOT}docs`],
                       { stdio: 'ignore' });
  for (let i = 0; i < 50; ++i) {
    try { if ((await fetch(`http://127.0.0.1:${COURSE_PORT}/course-page.html`)).ok) return server; } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error('course page server did not start');
}

test('a course page on another origin hears an exercise solved in its iframe', async () => {
  const server = await serveDocs();
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1700, height: 760 } });
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript(() => {
      window.heard = [];
      window.addEventListener('message', (e) => { if (e.data?.source === 'gradlab') window.heard.push(e.data); });
    });
    await page.goto(`http://127.0.0.1:${COURSE_PORT}/course-page.html?gradlab=${encodeURIComponent(BASE)}`);
    const findFrame = async (text) => {
      for (let i = 0; i < 100; ++i) {
        const f = page.frames().find((x) => x.url().includes(text));
        if (f) return f;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.fail(`no frame with ${text}`);
    };
    const frame = await findFrame('%22Weights%22');
    await frame.waitForFunction(() => window.gradlabState?.().ready && window.gradlabState().exercise, null, { timeout: 60000 });
    await page.waitForFunction(() => window.heard.filter((m) => m.type === 'ready').length === 2, null, { timeout: 30000 });
    const ready = await page.evaluate(() => window.heard.find((m) => m.type === 'ready'));
    assert.match(ready.version, /\d/);

    // The student types the weight count in the frame and presses Enter.
    const rect = (await frame.evaluate(() => window.gradlabState().exercise.checks[0].rects[0]));
    const box = await (await page.$('#ex2')).boundingBox();
    await page.mouse.click(box.x + 1 + rect[0] + rect[2] / 2, box.y + 1 + rect[1] + rect[3] / 2);
    await page.keyboard.type('5 x 5 x 3 x 16');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#results li.passed'), null, { timeout: 10000 });
    const listed = await page.textContent('#results');
    assert.match(listed, /ex2: Weights passed \(attempt 1\)/);
    const check = await page.evaluate(() => window.heard.find((m) => m.type === 'check'));
    assert.deepEqual(check, { source: 'gradlab', type: 'check', exercise: 'Weights', passed: true,
                              answers: ['5 x 5 x 3 x 16'], attempts: 1 });
    await page.screenshot({ path: `${SHOTS}/course-page.png`, fullPage: true });

    // The parent loads another state; a message in any other shape is ignored.
    const ex1 = await findFrame('Output%20shapes');
    await page.evaluate(() => {
      const w = document.getElementById('ex1').contentWindow;
      w.postMessage({ source: 'course', type: 'open', hash: 'spec=INPUT%202%0AFC-3&tab=curves' }, '*');
      w.postMessage({ source: 'other', type: 'load', hash: 'spec=INPUT%202%0AFC-3&tab=curves' }, '*');
      w.postMessage('spec=INPUT%202%0AFC-3&tab=curves', '*');
    });
    await new Promise((r) => setTimeout(r, 500));
    assert.notEqual((await ex1.evaluate(() => window.gradlabState())).tab, 'curves', 'messages of another shape are ignored');
    await page.evaluate(() => {
      const w = document.getElementById('ex1').contentWindow;
      w.postMessage({ source: 'course', type: 'load', hash: 'spec=INPUT%202%0AFC-4&tab=curves' }, '*');
    });
    await ex1.waitForFunction(() => window.gradlabState().tab === 'curves', null, { timeout: 10000 });
    const s1 = await ex1.evaluate(() => window.gradlabState());
    assert.equal(s1.valid_spec, 'INPUT 2\nFC-4');
    assert.equal(s1.exercise, null, 'a link without an exercise leaves it');
    await page.waitForFunction(() => window.heard.some((m) => m.type === 'state' && m.tab === 'curves'), null, { timeout: 5000 });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.kill();
  }
});
