// The 5.6 MB image pack (digits, Fashion-MNIST) is fetched only when an image set is first wanted: a default
// load requests it not at all (requests counted); picking digits in the Data set control fetches it once, the
// set is applied when it arrives and training starts; a link naming Fashion-MNIST at load does the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, state, frames, shot } from './lib.mjs';

const DIGITS = 'spec=' + encodeURIComponent('INPUT 1 x 8 x 8\nCONV3-16-p1-s1\nPOOL2\nCONV3-32-p1-s1\nPOOL2\nFC-10\nSOFTMAX') +
               '&data=digits&opt=adam&lr=0.01&seed=1&tab=curves';

const FITS = 'Use a network that fits this data';

test('the image pack is not fetched at start-up; picking digits in the data control fetches it once and trains', async () => {
  const browser = await launch();
  try {
    const packRequests = [];
    const context = await browser.newContext();
    context.on('request', (r) => { if (r.url().includes('images.glpack')) packRequests.push(r.url()); });
    // openApp makes its own context: count on this one by opening the page the same way.
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(process.env.GRADLAB_URL || 'http://127.0.0.1:8765/');
    await page.waitForFunction(() => window.gradlabState && window.gradlabState().ready, null, { timeout: 60000 });
    await frames(page, 60);  // well past the point where the page used to fetch the pack
    const s0 = await state(page);
    assert.equal(packRequests.length, 0, 'a default load requests no image pack');
    assert.ok((s0.train.step || 0) > 0, 'the default network trains meanwhile');

    // Pick "Digits 8x8" in the Data set control, through the accessibility mirror (a click on a mirrored item
    // activates it in the app, as a screen reader's click does).
    const arrived = page.waitForResponse((r) => r.url().includes('images.glpack'), { timeout: 60000 });
    await page.waitForSelector('#a11y-mirror [role=combobox]', { state: 'attached' });
    const clickMirror = (role, name) => page.evaluate(([r, n]) => {
      const e = [...document.querySelectorAll(`#a11y-mirror [role=${r}]`)]
        .find((x) => (x.getAttribute('aria-label') || x.textContent).trim() === n);
      if (!e) throw new Error(`no ${r} named ${n} in the mirror`);
      e.click();
    }, [role, name]);
    await clickMirror('combobox', 'Data set');
    await frames(page, 5);
    await clickMirror('button', 'Digits 8x8');
    const resp = await arrived;
    assert.equal(resp.status(), 200);
    // The 2D network does not fit 8 x 8 images: the data controls offer one that does.
    await page.waitForFunction(() => window.gradlabState().train.data === 'digits', null, { timeout: 60000 });
    await page.waitForFunction((n) => [...document.querySelectorAll('#a11y-mirror [role=button]')]
      .some((x) => (x.getAttribute('aria-label') || x.textContent).trim() === n), FITS, { timeout: 30000 });
    await clickMirror('button', FITS);
    await page.waitForFunction(() => {
      const t = window.gradlabState().train;
      return t.data === 'digits' && (t.step || 0) >= 5;
    }, null, { timeout: 60000 });
    const s1 = await state(page);
    console.log(`digits: ${s1.train.step} steps after the pack arrived, error '${s1.train.error || ''}'`);
    assert.equal(s1.train.error || '', '', 'no data error once the pack is in');
    await frames(page, 10);
    assert.equal(packRequests.length, 1, 'the pack is fetched once');
    await shot(page, 'images-digits');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await browser.close();
  }
});

test('a link naming an image set fetches the pack at start-up and applies the set when it arrives', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openApp(browser, DIGITS.replace('data=digits', 'data=fashion')
      .replace(encodeURIComponent('INPUT 1 x 8 x 8'), encodeURIComponent('INPUT 1 x 28 x 28')));
    await page.waitForFunction(() => {
      const t = window.gradlabState().train;
      return t.data === 'fashion' && (t.step || 0) >= 2;
    }, null, { timeout: 90000 });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a saved digits run loaded on a fresh page waits for the pack, then opens', async () => {
  const browser = await launch();
  try {
    const { page } = await openApp(browser, DIGITS);
    await page.waitForFunction(() => (window.gradlabState().train.step || 0) >= 5, null, { timeout: 60000 });
    const clickButton = (n) => page.evaluate((name) => {
      const e = [...document.querySelectorAll('#a11y-mirror [role=button]')]
        .find((x) => (x.getAttribute('aria-label') || x.textContent).trim() === name);
      if (!e) throw new Error(`no ${name} button in the mirror`);
      e.click();
    }, n);
    await clickButton('Share and save');  // the section holding Save run
    await frames(page, 5);
    const saved = page.waitForEvent('download', { timeout: 30000 });
    await clickButton('Save run');
    const text = await (await (await saved).createReadStream()).toArray().then((c) => Buffer.concat(c));
    assert.match(text.toString('utf8', 0, 64), /gradlab-run/);

    const fresh = await openApp(browser, '');
    await frames(fresh.page, 10);
    const arrived = fresh.page.waitForResponse((r) => r.url().includes('images.glpack'), { timeout: 60000 });
    await fresh.page.setInputFiles('#file-input', { name: 'gradlab-run.json', mimeType: 'application/json', buffer: text });
    await arrived;
    await fresh.page.waitForFunction(() => {
      const t = window.gradlabState().train;
      return t.data === 'digits' && (t.step || 0) >= 5;
    }, null, { timeout: 60000 });
    const s = await state(fresh.page);
    assert.equal(s.url_note || '', '', 'no note left once the run opened');
    assert.deepEqual(fresh.errors, []);
  } finally {
    await browser.close();
  }
});

test('a failed pack download says so where the image set waited, and the app runs on', async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext();
    await context.route('**/images.glpack', (r) => r.fulfill({ status: 404, body: 'not here' }));
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto((process.env.GRADLAB_URL || 'http://127.0.0.1:8765/') + '#' + DIGITS);
    await page.waitForFunction(() => window.gradlabState && window.gradlabState().ready, null, { timeout: 60000 });
    // It used to say "still loading; it opens by itself" for ever.
    await page.waitForFunction(() => /could not be downloaded \(Error: HTTP 404\)/.test(window.gradlabState().train.error || ''),
                               null, { timeout: 30000 });
    assert.match(await page.evaluate(() => window.gradlabNotice || ''), /could not be downloaded .*HTTP 404/);
    await frames(page, 10);
    assert.equal((await state(page)).ready, true);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
