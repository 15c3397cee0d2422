// Accessibility of the page: a keyboard-only walk (edit the network, switch tabs, pause and play training,
// leave the page) asserted through the DOM mirror and the state hook; the mirror's ARIA snapshot (tabs,
// spec editor, training buttons, the Inspector's table with numbers computed here from the layer formulas);
// sliders' numbers and ranges; axe-core's WCAG 2.1 A/AA rules; the text-size and theme link keys; reduced motion; screenshots at 200%
// text and in the high-contrast theme (build/screenshots/a11y-*.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, openApp, state, frames, shot } from './lib.mjs';

const require = createRequire(import.meta.url);

// The mirror element that has DOM focus: {role, name, id, tag}.
async function focused(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    if (!a) return null;
    return { role: a.getAttribute('role') || a.tagName.toLowerCase(), name: a.getAttribute('aria-label') || a.textContent,
             id: a.dataset ? a.dataset.id || a.id : a.id, tag: a.tagName, selected: a.getAttribute('aria-selected') };
  });
}

// Presses `key` until the focused element matches `want` (at most `max` times); returns how many presses.
async function pressUntil(page, key, want, max = 120) {
  for (let i = 1; i <= max; ++i) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (f && want(f)) return i;
  }
  throw new Error(`no focused element matched after ${max} x ${key}; last: ${JSON.stringify(await focused(page))}`);
}

async function waitState(page, pred, arg) {
  await page.waitForFunction(pred, arg, { timeout: 30000 });
}

test('keyboard only: edit the network, switch tabs, pause and play, and leave the page', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openApp(browser);
    await page.waitForSelector('#a11y-mirror [role=tab]', { state: 'attached' });
    await page.focus('#canvas');
    // Tab reaches the network editor (a real text area) in layout order.
    await pressUntil(page, 'Tab', (f) => f.tag === 'TEXTAREA');
    // Typing there goes to the page field only: spaces, S and R do not pause, step or reset the training.
    assert.equal((await state(page)).train.playing, true);
    await page.keyboard.press('Control+A');
    const spec = 'INPUT 2\nFC-8\nRELU\nFC-2\nSOFTMAX';
    await page.keyboard.type(spec);
    await waitState(page, (s) => window.gradlabState().spec === s, spec);
    let s = await state(page);
    assert.equal(s.spec_error, null);
    assert.deepEqual(s.layers.map((r) => r.spec), ['INPUT 2', 'FC-8', 'RELU', 'FC-2', 'SOFTMAX']);
    assert.equal(s.train.playing, true, 'Space / S typed in the editor must not pause or step training');
    // An error is announced politely with its line.
    await page.keyboard.type('\nFC-');
    await waitState(page, () => window.gradlabState().spec_error !== null);
    const err = (await state(page)).spec_error;
    await page.waitForFunction((line) => document.getElementById('a11y-live').textContent.includes(`Network error on line ${line}`),
                               err.line, { timeout: 10000 });
    for (let i = 0; i < 4; ++i) await page.keyboard.press('Backspace');
    await waitState(page, (s) => window.gradlabState().spec === s, spec);
    // Escape leaves the text field.
    await page.keyboard.press('Escape');
    assert.equal((await focused(page)).tag, 'CANVAS');
    // Tab to the Inspector tab; Space selects it (through ImGui's keyboard navigation).
    await pressUntil(page, 'Tab', (f) => f.role === 'tab' && f.name === 'Inspector');
    await page.keyboard.press('Space');
    await waitState(page, () => window.gradlabState().tab === 'inspector');
    await page.waitForFunction(() => document.activeElement.getAttribute('aria-selected') === 'true', null, { timeout: 10000 });
    // ImGui's focus moves DOM focus: the right arrow goes to the next tab in ImGui and the mirror follows.
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.activeElement.getAttribute('aria-label') === 'Graph', null, { timeout: 10000 });
    // Back to the training buttons: Space on Pause pauses, and the button's name changes to Train.
    await pressUntil(page, 'Shift+Tab', (f) => f.role === 'button' && /^Pause/.test(f.name));
    await page.keyboard.press('Space');
    await waitState(page, () => window.gradlabState().train.playing === false);
    await page.waitForFunction(() => /^Train/.test(document.activeElement.getAttribute('aria-label') || ''), null, { timeout: 10000 });
    const paused = (await state(page)).train.step;
    await page.keyboard.press('Space');
    await waitState(page, () => window.gradlabState().train.playing === true);
    await waitState(page, (n) => window.gradlabState().train.step > n, paused);
    // The page's own button: Space presses it (announcing the summary) and does not pause the training.
    await pressUntil(page, 'Tab', (f) => f.tag === 'BUTTON' && f.name === 'Announce training summary');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => /^Training at step \d+, loss /.test(document.getElementById('a11y-live').textContent),
                               null, { timeout: 10000 });
    assert.equal((await state(page)).train.playing, true);
    // No keyboard trap: Tab runs through the mirror and leaves it.
    await pressUntil(page, 'Tab', (f) => f.tag === 'BODY' || f.tag === 'HTML', 200);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('keyboard only: an Inspector exercise is answered and its result announced', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openApp(browser, 'tab=inspector&play=0');
    await page.waitForSelector('#a11y-mirror [role=tab]', { state: 'attached' });
    await page.focus('#canvas');
    await pressUntil(page, 'Tab', (f) => f.role === 'checkbox' && f.name === 'Check my answers');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.activeElement.getAttribute('aria-checked') === 'true', null, { timeout: 10000 });
    await page.waitForFunction(() => document.getElementById('a11y-layers').parentNode.hidden, null, { timeout: 10000 });
    // The first hidden layer of the default net (INPUT 2, FC-16): 2 x 16 = 32 weights.
    await pressUntil(page, 'Tab', (f) => f.role === 'textbox' && f.name === 'weights, row 2');
    await page.keyboard.press('Enter');
    await page.keyboard.type('2 x 15');  // the course's product form; its spaces must not reach the Space shortcut
    await page.waitForFunction(() => document.getElementById('a11y-live').textContent === 'weights, row 2: no', null, { timeout: 10000 });
    await page.keyboard.press('Backspace');
    await page.keyboard.type('6');
    await page.waitForFunction(() => document.getElementById('a11y-live').textContent === 'weights, row 2: right', null, { timeout: 10000 });
    assert.equal((await state(page)).train.playing, false, 'typing spaces in the field fired no shortcut');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

// Numbers of the Inspector computed here from the course's formulas, not read from the app.
function expectedRows() {
  const conv = { out: [16, 32, 32], params: 5 * 5 * 3 * 16 + 16, mults: 5 * 5 * 3 * 16 * 32 * 32 };
  const fc = { out: [10], params: 16 * 16 * 16 * 10 + 10, mults: 16 * 16 * 16 * 10 };
  return [['CONV5-16-p2-s1', conv], ['FC-10', fc]];
}

test('ARIA snapshot: tabs, spec editor, training buttons with states, the Inspector table', async () => {
  const browser = await launch();
  try {
    const def = await openApp(browser);
    await def.page.waitForSelector('#a11y-layers tbody tr', { state: 'attached' });
    await frames(def.page, 5);
    await def.page.waitForTimeout(800);
    const first = await def.page.locator('#a11y-mirror').ariaSnapshot();
    console.log('--- ARIA snapshot of the mirror (default page) ---\n' + first);
    assert.match(first, /tab "Boundary" \[selected\]/);
    assert.match(first, /button "Pause \(space\)"/, 'training plays on the default page');
    assert.match(first, /checkbox "show test points" \[checked\]/);
    assert.match(first, /slider "Learning rate"/);
    assert.match(first, /combobox "Optimizer": Adam/);
    assert.match(first, /paragraph: "The model splits the plane among 2 classes: class 0 \d+%, class 1 \d+% of the plane/);
    await def.page.context().close();

    const { page, errors } = await openApp(browser, 'spec=' + encodeURIComponent('INPUT 3 x 32 x 32, CONV5-16-p2-s1, POOL2, FC-10') + '&tab=inspector&play=0');
    await page.waitForSelector('#a11y-layers tbody tr', { state: 'attached' });
    await frames(page, 5);
    await page.waitForTimeout(800);
    const snap = await page.locator('#a11y-mirror').ariaSnapshot();
    console.log('--- ARIA snapshot of the mirror (Inspector) ---\n' + snap);
    assert.match(snap, /tablist "Views":\n(\s+- tab "[^"]+".*\n)*\s+- tab "Inspector" \[selected\]/);
    assert.match(snap, /tab "Boundary"\n/);
    assert.match(snap, /textbox "Network specification, one layer per line": INPUT 3 x 32 x 32/);
    assert.match(snap, /button "Train \(space\)"/, 'paused: the training button says Train');
    assert.match(snap, /button "Step \(S\)"/);
    assert.match(snap, /columnheader "Output shape"/);
    for (const [spec, e] of expectedRows()) {
      const row = new RegExp(`rowheader "${spec}"\\n\\s+- cell "${e.out.join(' x ')}"\\n\\s+- cell "${e.params}"\\n\\s+- cell "${e.mults}"`);
      assert.match(snap, row, `table row for ${spec}`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('sliders tell their number, minimum and maximum (aria-valuenow, -valuemin, -valuemax)', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openApp(browser, 'lr=0.03&points=600&play=0');
    await page.waitForSelector('#a11y-mirror [role=slider]', { state: 'attached' });
    await frames(page, 5);
    const sliders = await page.evaluate(() => [...document.querySelectorAll('#a11y-mirror [role=slider]')].map((e) => ({
      name: e.getAttribute('aria-label'), now: e.getAttribute('aria-valuenow'), min: e.getAttribute('aria-valuemin'),
      max: e.getAttribute('aria-valuemax'), text: e.getAttribute('aria-valuetext') })));
    console.log('sliders: ' + sliders.map((s) => `${s.name} ${s.now} in [${s.min}, ${s.max}] "${s.text}"`).join('; '));
    const by = Object.fromEntries(sliders.map((s) => [s.name, s]));
    // The ranges web/app/panels/train_panel.cpp draws; the learning rate's is logarithmic: its real ends.
    assert.deepEqual(by['Learning rate'], { name: 'Learning rate', now: '0.03', min: '0.00001', max: '3', text: '0.03000' });
    assert.deepEqual(by['Points'], { name: 'Points', now: '600', min: '20', max: '2000', text: '600' });
    // The number comes from the app, not from the shown text.
    assert.deepEqual(by['L2 strength'], { name: 'L2 strength', now: '0', min: '0', max: '1', text: 'off' });
    assert.ok(sliders.length >= 8, 'the left column\'s sliders are mirrored');
    for (const s of sliders) {
      assert.ok(s.min !== null && s.max !== null && Number(s.min) <= Number(s.max), `${s.name} has a range`);
      assert.ok(Number.isFinite(Number(s.now)), `${s.name} has a number`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

// The text of the mirror's "Pictures in words" once it contains `part`.
async function picturesWith(page, part) {
  await page.waitForFunction((p) => (document.getElementById('a11y-pictures') || {}).textContent?.includes(p), part,
                             { timeout: 30000 });
  return page.evaluate(() => [...document.querySelectorAll('#a11y-pictures p')].map((p) => p.textContent));
}
const spoken = (v) => String(Number(v.toPrecision(3)));  // the app's rounding for listening, for 0.001 <= |v| < 1000

test('Pictures in words: the graph\'s nodes with values and gradients, the race\'s positions', async () => {
  const browser = await launch();
  try {
    // CS231n's circuit f = (x + y) z at x = -2, y = 5, z = -4: q = x + y = 3, f = -12; df/dz = q = 3,
    // df/dq = z = -4 = df/dx = df/dy.
    const g = await openApp(browser, 'tab=graph&f=' + encodeURIComponent('(x+y)*z') + '&v=x~-2~y~5~z~-4');
    const lines = await picturesWith(g.page, 'Node 4 (output)');
    console.log('graph in words:\n  ' + lines.join('\n  '));
    for (const want of ['Node 0, x: value -2, gradient -4.', 'Node 1, y: value 5, gradient -4.',
                        'Node 2, x + y: value 3, gradient -4.', 'Node 3, z: value -4, gradient 3.',
                        'Node 4 (output), node 2 * z: value -12, gradient 1.'])
      assert.ok(lines.includes(want), want);
    assert.deepEqual(g.errors, []);
    await g.page.context().close();

    // SGD on the bowl x^2 + y^2 at lr 0.1: p <- p - 0.1 * 2p = 0.8 p, so after n steps p = 0.8^n p0.
    const r = await openApp(browser, 'tab=optimizers&surf=bowl&rsame=1&rsamelr=0.1&race=sgd');
    await frames(r.page, 20);
    const race = await picturesWith(r.page, 'sgd (lr 0.1): at');
    console.log('race in words:\n  ' + race.join('\n  '));
    const start = race[0].match(/from \((\S+), (\S+)\)/);
    const sgd = race.find((l) => l.startsWith('sgd')).match(/after (\d+) steps/);
    assert.ok(start && sgd, 'start point and step count are said');
    const n = Number(sgd[1]), k = 0.8 ** n;
    assert.ok(n > 0 && 2.5 * k >= 0.001, `steps ${n}`);
    assert.ok(race.some((l) => l.startsWith(`sgd (lr 0.1): at (${spoken(Number(start[1]) * k)}, ${spoken(Number(start[2]) * k)})`)),
              `sgd at 0.8^${n} of the start`);
    assert.ok(!race.some((l) => l.startsWith('adam')), 'only the enabled racers');
    assert.deepEqual(r.errors, []);
  } finally {
    await browser.close();
  }
});

test('axe-core: no WCAG 2.1 A/AA violations on the default page and the Inspector', async () => {
  const browser = await launch();
  try {
    for (const hash of ['', 'tab=inspector', 'theme=contrast&text=200', 'tab=graph']) {
      const { page, errors } = await openApp(browser, hash);
      await page.waitForSelector('#a11y-mirror [role=tab]', { state: 'attached' });
      await frames(page, 5);
      // Evaluated by the test driver, not added as a <script>: the page's CSP allows no inline script.
      await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
      const v = result.violations.map((x) => `${x.id}: ${x.nodes.length} nodes, e.g. ${x.nodes[0].html.slice(0, 120)}`);
      console.log(`axe ${hash || 'default'}: ${result.passes.length} rules pass, ${result.violations.length} violations`);
      assert.deepEqual(v, [], `axe violations with #${hash}`);
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  } finally {
    await browser.close();
  }
});

test('text size and theme: Ctrl+= and the link key; high contrast; reduced motion pauses the race', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openApp(browser, 'text=200&theme=contrast');
    await frames(page, 5);
    await page.waitForTimeout(500);
    const px = await shot(page, 'a11y-text200-contrast');
    assert.ok(px.variance > 50, 'not blank');
    assert.match(await page.evaluate(() => location.hash), /text=200/);
    assert.match(await page.evaluate(() => location.hash), /theme=contrast/);
    await page.focus('#canvas');
    // One press per frame: the app reads keys once a frame, and at 200% SwiftShader draws few frames.
    await page.keyboard.press('Control+Minus');
    await page.waitForFunction(() => /text=175/.test(location.hash), null, { timeout: 10000 });
    await page.keyboard.press('Control+Minus');
    await page.waitForFunction(() => /text=150/.test(location.hash), null, { timeout: 10000 });
    await page.keyboard.press('Control+Equal');
    await page.waitForFunction(() => /text=175/.test(location.hash), null, { timeout: 10000 });
    await page.keyboard.press('Control+Digit0');
    await page.waitForFunction(() => !/text=/.test(location.hash), null, { timeout: 10000 });
    assert.deepEqual(errors, []);
    await page.context().close();

    const dark = await openApp(browser, 'text=200', { colorScheme: 'dark' });
    await frames(dark.page, 5);
    await shot(dark.page, 'a11y-text200-dark');
    await dark.page.context().close();

    // prefers-reduced-motion: the optimizer race starts paused (its play button says Play).
    const calm = await openApp(browser, 'tab=optimizers', { reducedMotion: 'reduce' });
    await calm.page.waitForSelector('#a11y-mirror [role=tab]', { state: 'attached' });
    await frames(calm.page, 5);
    await calm.page.waitForTimeout(600);
    const names = await calm.page.evaluate(() => [...document.querySelectorAll('#a11y-controls [role=button]')].map((e) => e.getAttribute('aria-label')));
    console.log('optimizer tab buttons (reduced motion): ' + names.join(', '));
    assert.ok(names.includes('Play') && !names.includes('Pause'), 'the race starts paused');
    assert.ok(names.includes('Pause (space)'), 'training itself still plays');
    assert.deepEqual(calm.errors, []);
    // Without the preference the race plays from the start.
    const moving = await openApp(browser, 'tab=optimizers', { reducedMotion: 'no-preference' });
    await moving.page.waitForSelector('#a11y-mirror [role=tab]', { state: 'attached' });
    await frames(moving.page, 5);
    await moving.page.waitForTimeout(600);
    const names2 = await moving.page.evaluate(() => [...document.querySelectorAll('#a11y-controls [role=button]')].map((e) => e.getAttribute('aria-label')));
    assert.ok(names2.includes('Pause'), 'the race plays without prefers-reduced-motion');
  } finally {
    await browser.close();
  }
});
