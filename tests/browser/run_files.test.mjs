// Run files along the paths a student takes in the page: Save run and Download for PyTorch clicked in the
// page (through the accessibility mirror, as a screen reader would), the script continued in PyTorch
// (Debian's python3-torch), and its --save-run file, written by someone else's program, opened with Load run
// in a fresh page: the run goes on from the script's step with the same network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openApp, state, frames } from './lib.mjs';

const SPEC = 'INPUT 2, FC-12, TANH, FC-2';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Clicks a button of the app by its name (the mirror's DOM button activates the ImGui item) and returns the
// text of the file the page hands to the browser.
async function download(page, name) {
  await frames(page, 3);  // the mirror activates one item per frame
  const got = page.waitForEvent('download', { timeout: 30000 });
  await page.getByRole('button', { name, exact: true }).first().dispatchEvent('click');
  const d = await got;
  return { file: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

async function loadRun(page, text) {
  await page.setInputFiles('#file-input', { name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('Save run and Download for PyTorch in the page; the script continues; Load run opens its file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlab-run-'));
  const { page, errors } = await openApp(browser, 'spec=' + encodeURIComponent(SPEC) + '&play=0', { acceptDownloads: true });
  await page.waitForFunction(() => window.gradlabState().train.step === 0, null, { timeout: 20000 });
  await page.mouse.click(1200, 780);  // focus the canvas (the status bar)
  for (let i = 0; i < 30; ++i) {  // S: one step (the canvas has focus); ImGui reads one press per frame
    await page.keyboard.press('s');
    await frames(page, 1);
  }
  await page.waitForFunction(() => window.gradlabState().train.step === 30, null, { timeout: 20000 });

  await page.getByRole('button', { name: 'Share and save', exact: true }).dispatchEvent('click');  // opens the group
  await page.getByRole('button', { name: 'Save run', exact: true }).waitFor({ state: 'attached', timeout: 20000 });
  const run = await download(page, 'Save run');
  assert.equal(run.file, 'gradlab-run.json');
  const saved = JSON.parse(run.text);
  assert.equal(saved.format, 'gradlab-run');
  assert.equal(saved.state.step, 30);

  const script = await download(page, 'Download for PyTorch');
  assert.equal(script.file, 'train.py');
  writeFileSync(join(dir, 'train.py'), script.text);
  const out = join(dir, 'after.json');
  execFileSync('/usr/bin/python3', [join(dir, 'train.py'), '--steps', '20', '--cpu', '--save-run', out],
               { cwd: dir, timeout: 120000, stdio: ['ignore', 'ignore', 'pipe'] });
  const continued = readFileSync(out, 'utf8');
  assert.equal(JSON.parse(continued).state.step, 50);
  assert.deepEqual(errors, []);
  await page.context().close();

  // A fresh page opens the script's file: step 50, the same network, no notice; the page's own file too.
  for (const [text, step] of [[continued, 50], [run.text, 30]]) {
    const fresh = await openApp(browser, 'play=0');  // paused, so the step read is the file's
    await loadRun(fresh.page, text);
    await fresh.page.waitForFunction((n) => window.gradlabState().train.step === n || window.gradlabNotice ||
                                            window.gradlabState().url_note, step, { timeout: 20000 });
    assert.equal(await fresh.page.evaluate(() => window.gradlabNotice || window.gradlabState().url_note || null), null);
    const s = await state(fresh.page);
    assert.equal(s.layers.length, 4, 'INPUT, FC-12, TANH, FC-2');
    assert.equal(await fresh.page.evaluate(() => window.gradlabNotice || null), null);
    await frames(fresh.page, 3);
    assert.deepEqual(fresh.errors, []);
    await fresh.page.context().close();
  }
});
