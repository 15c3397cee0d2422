// Prints the worst frame (engine + UI work, ms) the page reports while a link's network trains, sampled every
// 250 ms for a number of seconds, and the training note: a measurement for the hostile-inputs note, not a
// test. Usage: node measure_worst_frame.mjs URL_HASH [SECONDS]
import { launch, openApp, state } from './lib.mjs';

const hash = process.argv[2] || 'spec=INPUT%202%2C%20FC-4000%2C%20FC-4000%2C%20FC-2';
const seconds = Number(process.argv[3] || 15);
const browser = await launch();
try {
  const { page } = await openApp(browser, hash);
  let worst = 0, frames0 = (await state(page)).frames;
  const t0 = Date.now();
  while (Date.now() - t0 < seconds * 1000) {
    await page.waitForTimeout(250);
    worst = Math.max(worst, (await state(page)).cpu_ms_max);
  }
  const s = await state(page);
  console.log(JSON.stringify({ hash, seconds, worst_frame_ms: worst, fps: (s.frames - frames0) / seconds,
                               steps: s.train.step,
                               work_note: s.train.work_note }));
} finally {
  await browser.close();
}
