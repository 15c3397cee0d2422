// The spec and the data in the page: the exam's 3D network typed on the 2D points shows the spec-data error with
// no current run, the button under it switches to the clip set that fits (3 x 8 x 64 x 64, 10 motions) at a batch
// the page affords, and the network trains there within the 1 GiB heap; the Inspector's parallel mode shows each
// layer alone on the INPUT. Screenshots in build/screenshots/ (data-fit-*.png, inspector-parallel.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, state, frames, shot } from './lib.mjs';

const EXAM = 'INPUT 3 x 8 x 64 x 64\nCONV5-16-p2-s1\nPOOL2\nCONV3-32-p1-s1\nPOOL2\nFC-256\nFC-10\nSOFTMAX';

test('the exam 3D net on the 2D points: no current run, a button offers the clips, and it trains on them', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openApp(browser, 'tab=curves');
    await page.waitForFunction(() => (window.gradlabState().train.step || 0) > 100, null, { timeout: 60000 });
    await page.evaluate((t) => Module.gradlabSetSpec(t), EXAM);  // as the editor submits typed text
    await page.waitForFunction(() => window.gradlabState().train.error !== '', null, { timeout: 30000 });
    await frames(page, 3);
    let s = await state(page);
    assert.equal(s.train.run, false, 'no current run while the network does not fit the data');
    assert.equal(s.train.step, undefined, 'the previous model\'s step is not reported');
    assert.equal(s.train.acc_train, undefined, 'the previous model\'s accuracy is not reported');
    assert.match(s.run_status, /^no current run/);
    assert.equal(s.train.data_fit.label, 'moving squares 3 x 8 x 64 x 64, 10 motions');
    await shot(page, 'data-fit-offer');
    const [x, y, w, h] = s.train.data_fit.button;
    assert.ok(w > 0 && h > 0, 'the button is drawn');
    await page.mouse.click(x + w / 2, y + h / 2);
    await page.waitForFunction(() => window.gradlabState().train.data === 'video' && window.gradlabState().train.run,
                               null, { timeout: 60000 });
    const t0 = Date.now();
    await page.waitForFunction(() => (window.gradlabState().train.step || 0) >= 20 ||
                                     (window.gradlabState().train.work_note || '').startsWith('Training is off'),
                               null, { timeout: 240000 });
    await frames(page, 10);
    s = await state(page);
    assert.ok(s.train.step >= 20, `the exam network trains in the page (${s.train.work_note})`);
    const heap = await page.evaluate(() => Module.HEAP8.length);
    console.log(`exam 3D net on 3 x 8 x 64 x 64 clips: ${s.train.step} steps in ${((Date.now() - t0) / 1000).toFixed(1)} s, ` +
                `${s.train.steps_per_second.toFixed(1)} steps/s, frame work ${s.cpu_ms.toFixed(1)} ms ` +
                `(worst ${s.cpu_ms_max.toFixed(1)} ms), WASM heap ${(heap / 2 ** 20).toFixed(0)} MiB; ${s.train.work_note}`);
    assert.equal(s.train.error, '');
    assert.match(s.run_status, /^(training|paused)/);
    assert.ok(heap <= 2 ** 30, 'within the 1 GiB heap');
    await shot(page, 'data-fit-exam3d-training');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the Inspector\'s parallel mode: each layer alone on a 3 x 16 x 16 map', async () => {
  const browser = await launch();
  try {
    const spec = 'INPUT 3 x 16 x 16\nCONV5-8-p2-s2\nCONV3-16-p1-s1\nPOOL2\nLSTM-8\nFC-10';
    const { page, errors } = await openApp(browser, `tab=inspector&inspect=parallel&play=0&spec=${encodeURIComponent(spec)}`);
    await frames(page, 5);
    const s = await state(page);
    const shapes = s.parallel.layers.map((r) => r.output_shape || r.error);
    console.log('parallel rows: ' + JSON.stringify(shapes));
    assert.deepEqual(s.parallel.layers[1].output_shape, [16, 16, 16], 'CONV3 restarts from the input');
    assert.ok(s.parallel.layers[3].error, 'LSTM-8 cannot take an image, and says why');
    const px = await shot(page, 'inspector-parallel');
    assert.ok(px.variance > 50);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
