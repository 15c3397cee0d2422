// The page's security posture in headless Chromium: the Content-Security-Policy is in force and the page
// itself causes no violation (securitypolicyviolation events), no request leaves the page's origin, and
// embedded in an 800x600 iframe of another origin (a course page on 127.0.0.2) it shows the Inspector with no
// errors (no "Permissions check failed" from a fullscreen request), takes a course page's message through
// the size-checked path (valid, and 10x over the limit) and ignores messages from anyone but its parent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launch, state, frames, BASE } from './lib.mjs';

const ORIGIN = new URL(BASE).origin;
const CNN = 'INPUT 3 x 32 x 32\nCONV5-16-p2-s1\nPOOL2\nFC-10';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A context that records every request URL and every CSP violation (from before the page's own scripts).
async function watchedContext(options = {}) {
  const context = await browser.newContext(options);
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation',
                              (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { context, requests };
}

function collectErrors(page) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /fullscreen|Permissions check/i.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

test('CSP: the page causes no violation, blocks an inline script, and requests only its own origin', async () => {
  const { context, requests } = await watchedContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const pack = page.waitForResponse((r) => r.url().endsWith('images.glpack'), { timeout: 60000 });
  await page.goto(BASE + '#spec=' + encodeURIComponent('INPUT 2\nFC-8\nFC-2') + '&data=spirals&tab=boundary');
  await page.waitForFunction(() => window.gradlabState && window.gradlabState().ready, null, { timeout: 60000 });
  // The image pack is fetched when an image set is first picked: a link naming digits asks for it.
  await page.evaluate(() => { location.hash = 'spec=' + encodeURIComponent('INPUT 1 x 8 x 8\nFC-10') + '&data=digits'; });
  await pack;
  for (const tab of ['curves', 'inspector', 'graph', 'optimizers']) {
    await page.evaluate((t) => { location.hash = 'tab=' + t; }, tab);
    await frames(page, 5);
  }
  assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'no CSP violation from the page');
  // The accessibility mirror is built and kept off screen by a11y.css (a file: no injected <style>).
  const mirror = await page.evaluate(() => {
    const m = document.getElementById('a11y-mirror');
    return m && { width: getComputedStyle(m).width, styles: document.querySelectorAll('style').length };
  });
  assert.deepEqual(mirror, { width: '1px', styles: 0 });
  const foreign = requests.filter((u) => !u.startsWith(ORIGIN + '/') && !u.startsWith('data:'));
  console.log(`${requests.length} requests, all to ${ORIGIN}: ${requests.map((u) => u.slice(ORIGIN.length)).join(' ')}`);
  assert.deepEqual(foreign, [], 'no request leaves the page\'s origin');
  // The policy is in force: markup from a string and an inline script are both refused.
  const blocked = await page.evaluate(() => {
    const out = [];
    try { document.body.insertAdjacentHTML('beforeend', '<b>x</b>'); out.push('markup sink allowed'); }
    catch (e) { out.push('markup refused'); }
    const s = document.createElement('script');
    try { s.text = 'window.inlineRan = true'; document.body.appendChild(s); } catch (e) { /* refused */ }
    out.push(window.inlineRan ? 'inline script ran' : 'inline script refused');
    return out;
  });
  assert.deepEqual(blocked, ['markup refused', 'inline script refused']);
  await page.waitForFunction(() => window.cspViolations.length > 0, null, { timeout: 5000 });
  const v = await page.evaluate(() => window.cspViolations);
  assert.ok(v.every((x) => /require-trusted-types-for|script-src/.test(x)), 'the refusals are reported: ' + v);
  assert.deepEqual(errors.filter((e) => !/trusted|Content Security Policy|TrustedScript|TrustedHTML/i.test(e)), []);
  await context.close();
});

// A course page on another origin (127.0.0.2) that embeds GradLab in an 800x600 iframe.
function courseServer(src) {
  const html = '<!doctype html><html><body style="margin:0">' +
               `<iframe src="${src}" width="800" height="600" style="border:0;display:block" ` +
               'allow="clipboard-write"></iframe></body></html>';
  const server = http.createServer((req, res) => { res.setHeader('Content-Type', 'text/html'); res.end(html); });
  return new Promise((ok) => server.listen(0, '127.0.0.2', () => ok(server)));
}

test('embedded in another origin\'s 800x600 iframe: no errors, course messages go through the limits', async () => {
  const server = await courseServer(BASE + '#tab=inspector&embed=1');
  const course = `http://127.0.0.2:${server.address().port}`;
  const { context, requests } = await watchedContext({ viewport: { width: 800, height: 600 },
                                                       screen: { width: 800, height: 600 } });
  try {
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(course + '/course.html');
    const frame = page.frames().find((f) => f.url().startsWith(BASE));
    await frame.waitForFunction(() => window.gradlabState && window.gradlabState().ready, null, { timeout: 60000 });
    await frame.waitForFunction(() => window.gradlabState().frames >= 20, null, { timeout: 30000 });
    const s = await state(frame);
    assert.equal(s.tab, 'inspector');
    assert.equal(s.embed, true);
    assert.deepEqual(await frame.evaluate(() => [document.fullscreenElement, window.cspViolations.length]), [null, 0]);
    await page.screenshot({ path: `${process.env.GRADLAB_SHOTS || '.'}/embed-cross-origin.png` });
    assert.deepEqual(errors, [], 'no errors or fullscreen warnings while the embed starts');

    // A message from the course page (the parent) goes through the same door as a link.
    const send = (hash) => page.evaluate((h) => document.querySelector('iframe').contentWindow.postMessage(
      { source: 'course', type: 'load', hash: h }, '*'), hash);
    await send('#spec=' + encodeURIComponent(CNN) + '&tab=inspector');
    await frame.waitForFunction(() => window.gradlabState().layers.length === 4, null, { timeout: 20000 });
    assert.deepEqual((await state(frame)).layers[1].output_shape, [16, 32, 32]);
    // 10x over the 256 KiB limit: refused with a notice naming it; the network stays.
    await send('#spec=' + 'A'.repeat(10 * 256 * 1024));
    await frame.waitForFunction(() => window.gradlabNotice, null, { timeout: 20000 });
    assert.match(await frame.evaluate(() => window.gradlabNotice),
                 /course page's link: the URL hash is 2,621,446 bytes .*limit for a URL hash is 256 KiB/);
    assert.equal((await state(frame)).layers.length, 4);
    // Only the parent is listened to: the same message from the frame itself is ignored.
    await frame.evaluate(() => window.postMessage({ source: 'course', type: 'load', hash: '#spec=INPUT%202%2CFC-2' }, '*'));
    await frames(frame, 10);
    assert.equal((await state(frame)).layers.length, 4, 'a message not from the parent is ignored');

    const foreign = requests.filter((u) => !u.startsWith(ORIGIN + '/') && !u.startsWith(course + '/') &&
                                           !u.startsWith('data:'));
    assert.deepEqual(foreign, []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    server.close();
  }
});
