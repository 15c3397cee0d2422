import { launch, openApp, state } from './lib.mjs';
const EXAM = 'INPUT 3 x 8 x 64 x 64\nCONV5-16-p2-s1\nPOOL2\nCONV3-32-p1-s1\nPOOL2\nFC-256\nFC-10\nSOFTMAX';
const browser = await launch();
const { page } = await openApp(browser, `data=video&ch=3&size=64&classes=10&samples=170&batch=1&tab=curves&spec=${encodeURIComponent(EXAM)}`);
let last = Date.now(), lastFrames = 0, worst = 0, worstAt = 0; const t0 = Date.now();
while (Date.now() - t0 < 150000) {
  const s = await state(page);
  const now = Date.now();
  if (s.frames !== lastFrames) { if (now - last > worst) { worst = now - last; worstAt = s.train.step; } last = now; lastFrames = s.frames; }
  if ((s.train.step || 0) >= 60) { console.log(`step ${s.train.step}, acc ${s.train.acc_train}/${s.train.acc_test}, worst gap ${worst} ms at step ${worstAt}, elapsed ${(now - t0) / 1000}s`); break; }
  await new Promise((r) => setTimeout(r, 100));
}
await browser.close();
