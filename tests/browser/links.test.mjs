// A link is the whole state (docs/links.md): in the page, opening link A and then changing the hash to
// link B gives the state a fresh load of B gives (the state hook, less frame counters and timings). Also: a
// paused page uploads nothing to the GPU, WebGL reports no feedback loop, the page's address follows the
// state. The links pause every lab so that training progress does not depend on timing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, state, frames } from './lib.mjs';

const enc = encodeURIComponent;
const PAUSED = 'play=0&rplay=0&clplay=0';
const LINKS = [
  `l2=0.5&lr=0.3&tab=inside&iwscale=0.3&${PAUSED}`,
  `spec=${enc('INPUT 2\nFC-2\nSOFTMAX')}&data=linear&tab=curves&logloss=1&smooth=0.2&${PAUSED}`,
  `data=hand2d&pts=a0.1_0.2~B-0.3_0.4~b0.5_-0.5&tab=boundary&${PAUSED}`,
  `tab=graph&f=${enc('a*b + max(a, 1)')}&v=a~2~b~-3&gstep=2&ties=split&${PAUSED}`,
  `tab=optimizers&surf=rosenbrock&race=sgd_adam&rlr=0.01_0.02_0.02_0.5_0.05_0.2&start=1_1&rsame=1&rsamelr=0.3&${PAUSED}`,
  `tab=compare&cmp=batch&cmpcurve=testacc&cmplog=0&${PAUSED}`,
  `tab=classifiers&k=3&dist=l1&svmreg=0.1&smlr=0.05&feat=hog&${PAUSED}`,
  `tab=batchnorm&bntrain=0&bnbatch=40&spec=${enc('INPUT 2\nFC-8\nBN\nFC-2\nSOFTMAX')}&${PAUSED}`,
  `opt=sgd&mom=0.9&batch=8&seed=3&netview=layers&tab=inspector&${PAUSED}`,
  `data=sine&seqlen=30&spec=${enc('INPUT SEQ 30 x 1\nLSTM-8\nFC-1\nMSE')}&tab=data&${PAUSED}`,
  `data=circles&noise=0.2&points=200&classes=3&dseed=4&tab=boundary&${PAUSED}`,
  `embed=1&tab=curves&tabs=boundary,curves,inspector&controls=data,training&${PAUSED}`,
];
// Fields that depend on time or frame rate, not on the state.
function comparable(s) {
  const c = structuredClone(s);
  for (const k of ['frames', 'frame_ms', 'cpu_ms', 'cpu_ms_max', 'gl_ms', 'gpu_uploads', 'clipped']) delete c[k];
  delete c.train.steps_per_second;
  delete c.train.train_budget_ms;
  delete c.pictures;  // the visible tab in words: live numbers of labs that keep running (Compare's runs)
  return c;
}

test('opening link A then link B gives a fresh load of B', async () => {
  const browser = await launch();
  try {
    // A fixed pseudo-random sequence of pairs (reproducible failures), every link used at least once as B.
    let seed = 11;
    const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const pairs = LINKS.map((b) => [LINKS[rnd(LINKS.length)], b]);
    const { page, errors } = await openApp(browser);
    for (const [a, b] of pairs) {
      await page.evaluate((h) => { location.hash = h; }, a);
      await frames(page, 4);
      await page.evaluate((h) => { location.hash = h; }, b);
      await frames(page, 4);
      const after = comparable(await state(page));
      const fresh = await openApp(browser, b);
      await frames(fresh.page, 4);
      const want = comparable(await state(fresh.page));
      await fresh.page.context().close();
      assert.deepEqual(after, want, `A = #${a}\nB = #${b}`);
      assert.equal(after.url_note, '', `no problem reported for #${b}`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a paused page uploads nothing to the GPU, and the address follows the state', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openApp(browser, 'tab=boundary&play=0');
    const gl = [];  // WebGL's own warnings (console warnings, not errors): a draw that reads its render target
    page.on('console', (m) => { if (/feedback loop/i.test(m.text())) gl.push(m.text()); });
    await page.evaluate(() => { location.hash = 'tab=classifiers&play=0'; });
    await frames(page, 6);
    await page.evaluate(() => { location.hash = 'tab=boundary&play=0'; });
    await frames(page, 10);
    assert.deepEqual(gl, [], 'no WebGL feedback loop between a framebuffer and a bound texture');
    const s = await state(page);
    assert.equal(s.gpu_uploads, 0, 'no texture upload or paint in a frame where nothing changed');
    const hash = await page.evaluate(() => location.hash);
    assert.equal(hash, s.link, 'the page address is the state link');
    assert.ok(hash.includes('play=0') && hash.includes('tab=boundary'));
    await page.evaluate(() => { location.hash = 'tab=curves&lr=abc'; });
    await frames(page, 4);
    const bad = await state(page);
    assert.equal(bad.tab, 'curves');
    assert.ok(bad.url_note.includes('lr=abc'), 'a bad key is named in the note');
    assert.equal(bad.train.playing, true, 'nothing carried over from the previous link (play=0)');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

// What the accessibility mirror (the DOM) lists: the tabs' names, and the left column's group headers.
async function mirrored(page) {
  await page.waitForSelector('#a11y-mirror [role=tab]', { state: 'attached' });
  return page.evaluate(() => {
    const names = (sel) => [...document.querySelectorAll(sel)].map((e) => e.getAttribute('aria-label') || e.textContent.trim());
    return { tabs: names('#a11y-mirror [role=tab]'), all: names('#a11y-mirror [role]') };
  });
}

test('an embed offers the tabs of tabs= and shows the left-column groups of controls=', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openApp(browser, `embed=1&tab=curves&tabs=boundary,curves&controls=data&${PAUSED}`,
                                           { width: 800, height: 600 });
    await frames(page, 6);
    let s = await state(page);
    assert.deepEqual(s.tabs_offered, ['boundary', 'curves']);
    assert.deepEqual(s.controls_shown, ['data']);
    assert.ok(s.link.includes('tabs=boundary%2Ccurves') && s.link.includes('controls=data'), s.link);
    let m = await mirrored(page);
    assert.deepEqual(m.tabs, ['Boundary', 'Curves']);
    assert.ok(m.all.includes('Data') && !m.all.includes('Training'), `groups in the mirror: ${m.all}`);

    // Without the keys: just the named tab, the network and the training settings.
    await page.evaluate((h) => { location.hash = h; }, `embed=1&tab=graph&${PAUSED}`);
    await frames(page, 6);
    s = await state(page);
    assert.deepEqual(s.tabs_offered, ['graph']);
    assert.deepEqual(s.controls_shown, ['network', 'training']);
    m = await mirrored(page);
    assert.deepEqual(m.tabs, ['Graph']);
    assert.ok(m.all.includes('Training') && !m.all.includes('Data'), `groups in the mirror: ${m.all}`);

    // A bad value keeps the default and is named in the note.
    await page.evaluate((h) => { location.hash = h; }, `embed=1&tab=graph&tabs=graph,nope&controls=buttons&${PAUSED}`);
    await frames(page, 6);
    s = await state(page);
    assert.deepEqual(s.tabs_offered, ['graph']);
    assert.deepEqual(s.controls_shown, ['network', 'training']);
    assert.ok(s.url_note.includes('tabs=graph,nope') && s.url_note.includes('controls=buttons'), s.url_note);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
