// Every exercise of every lab (web/labs/labs.json), opened from an `ex=` link built here at 800x600 embed (one
// page per lab: a link is the whole state, so each exercise's link starts from the defaults) and solved as a
// student would: click the answer field the state hook locates, type, press Enter or Check;
// pick options; for goals change the network or the learning rate and train until the goal. Right answers
// come from gradlab-cli (summary --json, grad --json), never from the page. One typical wrong answer per
// exercise must get feedback (and a hint when the exercise has hints) before the right one passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { launch, openApp, state, frames, shot } from './lib.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = process.env.GRADLAB_CLI || `${ROOT}build/native/gradlab-cli`;
const LABS = JSON.parse(readFileSync(`${ROOT}web/labs/labs.json`, 'utf8')).labs;

function cli(args) {
  const r = spawnSync(CLI, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `gradlab-cli ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// What a correct student types for a cell or graph check, from the CLI's view of the exercise's state.
function rightAnswer(check, st) {
  if (check.kind === 'choice') return String(check.answer);
  if (check.kind === 'graph') {
    const parts = (st.v || '').split('~');  // the link's graph values, name~value~name~value (docs/links.md)
    const vals = {};
    for (let i = 0; i + 1 < parts.length; i += 2) vals[parts[i]] = parts[i + 1];
    const g = cli(['grad', '--json', st.f, ...Object.entries(vals).map(([k, v]) => `${k}=${v}`)]);
    const v = !check.var ? (check.qty === 'value' ? g.value : 1)
      : check.qty === 'value' ? Number(vals[check.var]) : g.grad[check.var];
    return String(Number(v.toPrecision(6)));
  }
  const s = cli(['summary', '--json', st.spec]);
  const field = check.field || 'weights';
  if (check.row === -1) {
    return String({ weights: s.total_weights, biases: s.total_biases, bn: s.total_bn_params, params: s.total_params,
                    mults: s.total_mults }[field]);
  }
  const row = s.layers[check.row ?? 1];
  if (field === 'shape') return row.output_shape.join(' x ');
  if (field === 'rf') return row.receptive_field.join(' x ');
  return String({ weights: row.weights, biases: row.biases, bn: row.bn_params, params: row.params, mults: row.mults }[field]);
}

// A typical wrong answer: the biases counted in a weight count, otherwise a number off by a factor.
function wrongAnswer(check, right, st) {
  if (check.kind === 'choice') return String((check.answer + 1) % check.options.length);
  if (check.kind === 'cell' && (check.field || 'weights') === 'weights' && check.row > 0) {
    const row = cli(['summary', '--json', st.spec]).layers[check.row];
    if (row.biases > 0) return String(row.weights + row.biases);
  }
  if (check.kind === 'graph') return String(-Number(right) || 7);  // the sign flipped
  return right.split(' x ').map((d, i) => (i === right.split(' x ').length - 1 ? Number(d) * 2 : d)).join(' x ');
}

// What a student changes to reach a goal (the task says so), as changes of the link's keys.
const GOAL_CHANGES = {
  'Make it bend': [{ spec: (s) => s.replace('LINEAR', 'TANH') }],
  'Just right': [{ lr: () => '0.3' }],
  'An LSTM solves it': [{ spec: (s) => s.replace('RNN-32', 'LSTM-32') }],
};

function hashOf(st, ex) {
  const keys = { ...st, embed: '1' };
  return Object.entries(keys).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&') +
         '&ex=' + encodeURIComponent(JSON.stringify(ex));
}

// Clicks the centre of a widget rect the state hook reports, scrolling the controls column first when the
// widget is below the fold.
async function clickWidget(page, pick) {
  for (let tries = 0; tries < 8; ++tries) {
    const r = pick(await state(page));
    assert.ok(r && r[2] > 0, 'widget drawn');
    if (r[1] >= 0 && r[1] + r[3] <= 590) {
      await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
      await frames(page, 2);
      return;
    }
    await page.mouse.move(60, 120);  // over the exercise card's text (no child window there)
    await page.mouse.wheel(0, r[1] < 0 ? -200 : 200);
    await frames(page, 3);
  }
  await shot(page, 'exercise-unreachable');
  assert.fail(`widget not reachable by scrolling: ${JSON.stringify(pick(await state(page)))}`);
}

async function typeInto(page, i, text) {
  await clickWidget(page, (s) => s.exercise.checks[i].rects[0]);
  // Select the field's text with the keys held across frames: the app reads held keys once a frame, so a
  // Ctrl+A pressed and released between two frames can be missed (the answer is then appended).
  await page.keyboard.down('Control');
  await page.keyboard.down('a');
  await frames(page, 2);
  await page.keyboard.up('a');
  await page.keyboard.up('Control');
  await frames(page, 1);
  await page.keyboard.type(text);
  await frames(page, 2);
}

async function answerAll(page, ex, answers) {
  for (let i = 0; i < ex.checks.length; ++i) {
    const c = ex.checks[i];
    if (c.kind === 'goal') continue;
    if ((await state(page)).exercise.checks[i].passed) continue;
    if (c.kind === 'choice') await clickWidget(page, (s) => s.exercise.checks[i].rects[Number(answers[i])]);
    else await typeInto(page, i, answers[i]);
  }
}

async function pressCheck(page, viaEnter) {
  const before = (await state(page)).exercise.attempts;
  if (viaEnter) await page.keyboard.press('Enter');
  else await clickWidget(page, (s) => s.exercise.check_button);
  await page.waitForFunction((n) => window.gradlabState().exercise.attempts > n, before, { timeout: 10000 });
}

async function solve(page, lab, k, le) {
  const ex = le.exercise;
  const where = `${lab.id} ${k + 1} (${ex.title})`;
  const s0 = await state(page);
  assert.ok(s0.exercise, `${where}: the exercise loaded (${s0.url_note})`);
  assert.equal(s0.exercise.title, ex.title);
  assert.equal(s0.exercise.checks.length, ex.checks.length);
  assert.equal(s0.tab, le.state.tab, `${where}: the exercise's tab is shown in the embed`);
  const answers = ex.checks.map((c) => (c.kind === 'goal' ? '' : rightAnswer(c, le.state)));
  // One typical wrong answer first.
  const wi = ex.checks.findIndex((c) => c.kind !== 'goal');
  if (wi >= 0) {
    const wrong = ex.checks.map((c, i) => (i === wi ? wrongAnswer(c, answers[i], le.state) : ''));
    if (ex.checks[wi].kind === 'choice') await clickWidget(page, (s) => s.exercise.checks[wi].rects[Number(wrong[wi])]);
    else await typeInto(page, wi, wrong[wi]);
    await pressCheck(page, ex.checks[wi].kind !== 'choice');
    const s = await state(page);
    const c = s.exercise.checks[wi];
    assert.equal(c.passed, false, `${where}: the wrong answer ${wrong[wi]} fails`);
    assert.equal(c.attempts, 1);
    assert.ok(c.feedback.length > 0, `${where}: feedback for a wrong answer`);
    if (ex.checks[wi].kind !== 'choice') assert.ok(!c.feedback.includes(answers[wi]), `${where}: feedback gives nothing away`);
    if (ex.hints?.length) assert.equal(s.exercise.hints_shown, 1, `${where}: a hint after the wrong try`);
    if (lab.id === 'conv-shapes' && k === 1) await page.mouse.move(790, 590), await frames(page, 2), await shot(page, 'exercise-failing');
  }
  if (wi >= 0) {
    await answerAll(page, ex, answers);
    await pressCheck(page, false);
  }
  const goals = ex.checks.filter((c) => c.kind === 'goal');
  if (goals.length) {
    const changes = GOAL_CHANGES[ex.title];
    if (changes) {
      const st = { ...le.state };
      for (const [key, fn] of Object.entries(changes[0])) st[key] = fn(st[key]);
      await page.evaluate((h) => { location.hash = h; }, hashOf(st, ex));
      await frames(page, 3);  // a new network or setting starts a fresh run (as Reset would)
      assert.equal((await state(page)).exercise?.title, ex.title, 'the exercise stays through the change');
    }
    const t0 = Date.now();
    await page.waitForFunction(() => window.gradlabState().exercise.passed, null, { timeout: 90000 })
      .catch(async () => assert.fail(`${where}: goal not reached: ${JSON.stringify((await state(page)).exercise.checks)}`));
    console.log(`${where}: goal reached in ${((Date.now() - t0) / 1000).toFixed(1)} s, step ${(await state(page)).train.step}`);
  }
  const s = await state(page);
  assert.equal(s.exercise.passed, true, `${where}: passed (${JSON.stringify(s.exercise.checks.map((c) => c.feedback))})`);
  if (lab.id === 'conv-shapes' && k === 1) await page.mouse.move(790, 590), await frames(page, 2), await shot(page, 'exercise-passed');
}

test('every lab exercise opens from its link, gives hints for a typical wrong answer, and passes when solved', async () => {
  const browser = await launch();
  try {
    let n = 0;
    const t0 = Date.now();
    for (const lab of LABS.filter((l) => !process.env.LAB || l.id === process.env.LAB)) {
      const first = lab.exercises[0];
      const { page, errors } = await openApp(browser, hashOf(first.state, first.exercise), { width: 800, height: 600 });
      for (let k = 0; k < lab.exercises.length; ++k) {
        const le = lab.exercises[k];
        if (k > 0) {
          await page.evaluate((h) => { location.hash = h; }, hashOf(le.state, le.exercise));
          await page.waitForFunction((t) => window.gradlabState().exercise?.title === t, le.exercise.title);
        }
        await frames(page, 3);
        await solve(page, lab, k, le);
        assert.deepEqual(errors, [], `${lab.id} ${k + 1}: no console errors`);
        ++n;
      }
      await page.context().close();
    }
    console.log(`${n} exercises solved in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await browser.close();
  }
});

test('the start screen on a first visit, a lab link, and Create exercise', async () => {
  const browser = await launch();
  try {
    const { page, errors } = await openApp(browser, '', { width: 800, height: 600 });
    await frames(page, 3);
    assert.equal((await state(page)).labs_open, true, 'a first visit without a link shows the start screen');
    await shot(page, 'labs-start-screen');
    await page.evaluate(() => { location.hash = 'lab=receptive-fields:1&embed=1'; });
    await page.waitForFunction(() => window.gradlabState().exercise?.lab === 'receptive-fields');
    assert.equal((await state(page)).exercise.lab_exercise, 1);
    // Create exercise, from a plain link: tick the first cell, preview as a student.
    await page.evaluate(() => { location.hash = 'spec=INPUT%203%20x%2032%20x%2032%0ACONV5-16-p2-s1%0AFC-10&tab=inspector'; });
    await page.waitForFunction(() => window.gradlabState().exercise === null);
    await clickWidget(page, (s) => s.create_button);
    await clickWidget(page, (s) => s.create.first_cell);
    await page.mouse.move(790, 590);
    await frames(page, 2);
    await shot(page, 'create-exercise');
    await clickWidget(page, (s) => s.create.preview);
    const s = await state(page);
    assert.equal(s.create_open, false);
    assert.equal(s.exercise.checks[0].prompt, 'Output shape of row 1 (CONV5-16-p2-s1)');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
