// Nothing is cut at the sizes a course page gives GradLab: every tab, in the page and in an embed, at
// 800x600 and 640x480 with device pixel ratios 1 and 2. The app measures each label's full width against
// the room it got, and each window's and table column's content against its width (web/app/widgets/
// clip_check.h); the state hook lists what was cut ("clipped"), which must be empty. Screenshots of every
// tab at every size go to build/screenshots/layout-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, state, frames, shot } from './lib.mjs';

const enc = encodeURIComponent;
const PAUSED = 'play=0&rplay=0&clplay=0';
// Each tab with a network that gives it something to show (the Inspector's widest table: a CNN).
const TABS = {
  boundary: '',
  curves: '',
  data: '',
  inspector: `spec=${enc('INPUT 3 x 32 x 32\nCONV5-16-p2-s1\nBN\nPOOL2\nCONV3-32-p1-s1\nFC-10\nSOFTMAX')}`,
  inside: '',
  graph: '',
  optimizers: '',
  compare: '',
  batchnorm: `spec=${enc('INPUT 2\nFC-8\nBN\nFC-2\nSOFTMAX')}`,
  classifiers: '',
};
const SIZES = [[800, 600, 1], [800, 600, 2], [640, 480, 1], [640, 480, 2]];
// Every tab at one size, in the page and in an embed: the lines naming what was cut.
async function visit(page, width, height, dpr) {
  const cut = [];
  for (const embed of [false, true]) {
    for (const [tab, keys] of Object.entries(TABS)) {
      const hash = `tab=${tab}${keys ? '&' + keys : ''}&${PAUSED}${embed ? '&embed=1' : ''}`;
      await page.evaluate((h) => { location.hash = h; }, hash);
      await frames(page, 6);
      const s = await state(page);
      assert.equal(s.tab, tab);
      await shot(page, `layout-${width}x${height}-dpr${dpr}${embed ? '-embed' : ''}-${tab}`);
      for (const c of s.clipped) cut.push(`${embed ? 'embed ' : ''}${tab}: ${c}`);
    }
  }
  return cut;
}

for (const [width, height, dpr] of SIZES) {
  test(`nothing is cut at ${width}x${height}, device pixel ratio ${dpr}`, async () => {
    const browser = await launch();
    try {
      const { page, errors } = await openApp(browser, `tab=boundary&${PAUSED}`, { width, height, dpr });
      const cut = await visit(page, width, height, dpr);
      assert.deepEqual(cut, [], `text cut at ${width}x${height} dpr ${dpr}:\n${cut.join('\n')}`);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
}
