// Bounded inputs in the page (web/page.js): every way in from JavaScript (the URL hash at load and on
// change, the Load button's file, a dropped file, a course page's message) is checked against its limit
// (URL hash 256 KiB, model file 1 MiB) just under, just over and 10x over, plus the exact inputs that used to
// kill the page (a 1.4 M character model file, a 1.1 MB hash after load, a 1.6 M character initial hash).
// Over-limit inputs get a notice naming the limit; afterwards the state hook answers and a valid link works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, state, frames, BASE } from './lib.mjs';

const HASH_LIMIT = 256 * 1024;
const FILE_LIMIT = 1024 * 1024;
const CNN = 'INPUT 3 x 32 x 32, CONV5-16-p2-s1, POOL2, FC-10';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A hash of exactly `bytes` characters that sets a valid spec and pads with an unknown key.
function paddedHash(bytes, spec = 'INPUT 2\nFC-7\nFC-2') {
  const head = '#spec=' + encodeURIComponent(spec) + '&pad=';
  return head + 'A'.repeat(bytes - head.length);
}
// A model file of exactly `bytes` bytes: {"spec": ..., "pad": "AAA..."}.
function paddedFile(bytes, spec = 'INPUT 2\nFC-5\nFC-2') {
  const head = JSON.stringify({ spec }).slice(0, -1) + ',"pad":"';
  return head + 'A'.repeat(bytes - head.length - 2) + '"}';
}

const notice = (page) => page.evaluate(() => window.gradlabNotice || null);
// The app is alive: the state hook answers, frames advance and a valid link is applied.
async function assertAlive(page) {
  await frames(page, 3);
  await page.evaluate((spec) => { location.hash = 'spec=' + encodeURIComponent(spec) + '&tab=inspector'; }, CNN);
  await page.waitForFunction(() => window.gradlabState().layers.length === 4, null, { timeout: 20000 });
  const s = await state(page);
  assert.deepEqual(s.layers[1].output_shape, [16, 32, 32], 'a valid link still works');
  assert.equal(s.spec_error, null);
}
// Sets location.hash and waits until the page has handled it (a notice appears or the spec changes).
async function setHash(page, hash) {
  await page.evaluate(() => { window.gradlabNotice = null; });
  const before = (await state(page)).spec;
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((b) => window.gradlabNotice || window.gradlabState().spec !== b, before,
                             { timeout: 30000 });
}

test('the page takes its limits from the engine\'s table', async () => {
  const { page } = await openApp(browser, '');
  const { pageLimits, engine } = await page.evaluate(() => ({
    pageLimits: window.gradlabLimits(),
    engine: JSON.parse(Module.UTF8ToString(Module._gradlab_input_limits())),
  }));
  for (const [kind, id] of [['hash', 'url_hash'], ['file', 'model_file'], ['run', 'run_file'], ['spec', 'spec_text']])
    assert.equal(pageLimits[kind].bytes, engine[id].bytes, `${kind} is the engine's ${engine[id].name}`);
  assert.equal(engine.url_hash.bytes, HASH_LIMIT);
  assert.equal(engine.model_file.bytes, FILE_LIMIT);
  await page.context().close();
});

test('initial hash: 1.6 M characters is refused with a notice, and the page is ready and usable', async () => {
  const { page, errors } = await openApp(browser, paddedHash(1600000).slice(1));
  assert.match(await notice(page), /URL hash is 1,600,000 bytes .*limit for a URL hash is 256 KiB/);
  assert.equal(await page.evaluate(() => document.getElementById('notice').hidden), false, 'the notice is visible');
  assert.deepEqual((await state(page)).layers[0].output_shape, [2], 'the default network is shown');
  await assertAlive(page);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('initial hash just under the limit is applied', async () => {
  const { page, errors } = await openApp(browser, paddedHash(HASH_LIMIT).slice(1));
  assert.equal(await notice(page), null);
  assert.deepEqual((await state(page)).layers[1].output_shape, [7], 'the spec in the link was applied');
  await assertAlive(page);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('hash after load: just under, just over and the 1.1 MB hash', async () => {
  const { page, errors } = await openApp(browser);
  await setHash(page, paddedHash(HASH_LIMIT - 1, 'INPUT 2\nFC-9\nFC-2'));
  assert.equal(await notice(page), null);
  assert.deepEqual((await state(page)).layers[1].output_shape, [9]);
  await setHash(page, paddedHash(HASH_LIMIT + 1, 'INPUT 2\nFC-11\nFC-2'));
  assert.match(await notice(page), /The link: the URL hash is 262,145 bytes .*256 KiB/);
  assert.deepEqual((await state(page)).layers[1].output_shape, [9], 'over the limit: nothing applied');
  await setHash(page, paddedHash(1100000));
  assert.match(await notice(page), /URL hash is 1,100,000 bytes/);
  await assertAlive(page);
  // 10x over (2.6 MB) is more than a browser keeps in an address (Chromium: 2 MB), so it can only come as a
  // course page's message, which takes the same path: security.test.mjs sends it.
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('an engine error escaping a link becomes a message, not a dead page (sizes that overflow int64)', async () => {
  // Two convolutions whose parameter count wraps past int64: building the model threw out of the entry point.
  const conv = 'CONV(1000000x1000000x1000000)-10-p(500000,500000,500000)-s2';
  const { page, errors } = await openApp(browser, 'spec=' + encodeURIComponent(`INPUT 1 x 1 x 1 x 1\n${conv}\n${conv}\nFC-2`));
  await frames(page, 5);
  const s = await state(page);
  const message = (await notice(page)) || s.url_note || (s.spec_error && s.spec_error.message);
  assert.ok(message, 'the student is told why the link was not used');
  await assertAlive(page);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('page address: over its 64 KiB limit (a long query string) is refused, the page still works', async () => {
  const context = await browser.newContext();
  // Python's test server refuses request lines over 64 KiB, so this one request is answered here.
  const html = await (await fetch(BASE)).text();
  await context.route((url) => url.search.length > 1000, (r) => r.fulfill({ contentType: 'text/html', body: html }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(BASE + '?q=' + 'A'.repeat(70000));
  await page.waitForFunction(() => window.gradlabState && window.gradlabState().ready, null, { timeout: 60000 });
  assert.match(await notice(page), /The page address: the page address is 70,0\d\d bytes .*limit for a page address is 64 KiB/);
  await assertAlive(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the address follows the app at most every 250 ms and ends on its last state', async () => {
  const { page, errors } = await openApp(browser);
  await page.evaluate(() => {
    window.historyWrites = 0;
    const replace = history.replaceState.bind(history);
    history.replaceState = (...args) => { ++window.historyWrites; return replace(...args); };
  });
  // The app's own change (pausing with the space bar) reaches the address.
  await page.keyboard.press('Space');
  await page.waitForFunction(() => /play=0/.test(location.hash), null, { timeout: 10000 });
  // A burst like a dragged slider's (a change every frame, here 400 in ~1 s): few writes, the last state last.
  const { writes, ms } = await page.evaluate(async () => {
    const before = window.historyWrites;
    const t0 = performance.now();
    for (let i = 0; i < 400; ++i) {
      Module.gradlabFollowHash('#burst=' + i);
      if (i % 40 === 0) await new Promise((r) => setTimeout(r, 100));
    }
    const ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 400));
    return { writes: window.historyWrites - before, ms };
  });
  assert.equal(await page.evaluate(() => location.hash), '#burst=399');
  assert.ok(writes >= 2 && writes <= Math.ceil(ms / 250) + 2, `${writes} history writes for 400 changes in ${ms} ms`);
  assert.deepEqual(errors, []);
  await page.context().close();
});

// Hands text to the page as a file through `how`: 'load' (the Load button's input) or 'drop'.
async function giveFile(page, how, text, name = 'model.json') {
  await page.evaluate(() => { window.gradlabNotice = null; });
  if (how === 'load') {
    await page.setInputFiles('#file-input', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
  } else {
    await page.evaluate(([t, n]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], n, { type: 'application/json' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    }, [text, name]);
  }
}

for (const how of ['load', 'drop']) {
  test(`model file by ${how}: just under, just over, 10x over and the 1.4 M character file`, async () => {
    const { page, errors } = await openApp(browser);
    await giveFile(page, how, paddedFile(FILE_LIMIT));
    await page.waitForFunction(() => window.gradlabState().layers[1].output_shape[0] === 5, null, { timeout: 20000 });
    assert.equal(await notice(page), null, 'a file just under the limit loads');
    for (const [bytes, shown] of [[FILE_LIMIT + 1, '1,048,577'], [10 * FILE_LIMIT, '10,485,760'], [1400040, '1,400,040']]) {
      await giveFile(page, how, paddedFile(bytes, 'INPUT 2\nFC-6\nFC-2'));
      await page.waitForFunction(() => window.gradlabNotice, null, { timeout: 20000 });
      const n = await notice(page);
      assert.match(n, new RegExp(`"model.json": the model file is ${shown} bytes .*limit for a model file is 1 MiB`));
      assert.deepEqual((await state(page)).layers[1].output_shape, [5], 'over the limit: nothing loaded');
    }
    await assertAlive(page);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
}

test('a model file that is not JSON, or JSON without a spec, gives the app\'s message and no page error', async () => {
  const { page, errors } = await openApp(browser);
  await giveFile(page, 'drop', '{"spec": ');
  await page.waitForFunction(() => /Could not load the file/.test(window.gradlabState().url_note || ''), null,
                             { timeout: 20000 });
  await giveFile(page, 'load', '[1, 2, 3]');
  await frames(page, 3);
  await assertAlive(page);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('the notice can be dismissed and a good input clears it', async () => {
  const { page } = await openApp(browser);
  await setHash(page, paddedHash(HASH_LIMIT + 1));
  assert.ok(await notice(page));
  await page.click('#notice-close');
  assert.equal(await page.evaluate(() => document.getElementById('notice').hidden), true);
  await setHash(page, paddedHash(HASH_LIMIT + 2));
  assert.equal(await page.evaluate(() => document.getElementById('notice').hidden), false);
  await setHash(page, '#spec=' + encodeURIComponent('INPUT 2\nFC-3\nFC-2'));
  assert.equal(await notice(page), null);
  assert.equal(await page.evaluate(() => document.getElementById('notice').hidden), true);
  await page.context().close();
});
