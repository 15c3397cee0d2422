// Foundation smoke test: the page loads in headless Chromium, the app reports ready with engine-computed
// content, there are no console errors, the canvas is not blank, and the page follows a resize and an
// 800x600 iframe-sized viewport at devicePixelRatio 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, state, frames, shot } from './lib.mjs';

test('page loads, shows the engine-computed layer table, no console errors', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openApp(browser);
    await frames(page, 10);
    const s = await state(page);
    assert.equal(s.ready, true);
    assert.equal(s.wasm_simd, true, 'the page should run the SIMD build');
    assert.ok(s.layers.length >= 3, 'layer table has rows');
    assert.deepEqual(s.layers[0].output_shape, [2]);
    assert.ok(s.total_params > 0);
    const px = await shot(page, 'browser-default');
    console.log(`default view: luminance variance ${px.variance.toFixed(1)}, ${px.distinct} levels; ` +
                `frame ${s.frame_ms.toFixed(1)} ms, cpu ${s.cpu_ms.toFixed(2)} ms`);
    assert.ok(px.variance > 50 && px.distinct > 20, 'canvas is not blank');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('HiDPI 800x600 (an embedded iframe) renders crisp and follows a resize', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openApp(browser, '', { width: 800, height: 600, dpr: 2 });
    await frames(page, 5);
    const size = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
    assert.deepEqual(size, [1600, 1200], 'drawing buffer follows devicePixelRatio');
    await shot(page, 'browser-800x600-dpr2');
    await page.setViewportSize({ width: 1000, height: 700 });
    await frames(page, 5);
    const size2 = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
    assert.deepEqual(size2, [2000, 1400], 'drawing buffer follows a resize');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
