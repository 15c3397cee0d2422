// GradLab's accessibility layer in the page. The app draws everything on one canvas, so this keeps an
// off-screen DOM tree that mirrors the frame's items (the wasm side sends a diff of them each frame they
// change: web/platform/a11y_mirror.cpp) with ARIA roles, names and states; moves focus both ways between
// the mirror and ImGui's keyboard focus; announces errors and training changes politely; describes the
// pictures in words; and keeps Tab and typing in page text fields away from the app's key handling.
// It does not draw anything and never changes the app's state except through the app's exported calls (the
// network text through page.js, the one door for outside text). Its styles are in a11y.css; no markup sinks.
(function () {
  'use strict';
  const KIND_ROLE = { button: 'button', checkbox: 'checkbox', radio: 'radio', slider: 'slider', textbox: 'textbox',
                      combo: 'combobox', tab: 'tab', header: 'button' };
  const items = new Map();   // id -> {kind, label, value, checked, disabled, el}
  let order = [];
  let navId = 0;              // ImGui's keyboard focus as last reported / requested
  let root = null, controls = null, live = null, specArea = null, table = null, pictures = null;
  let started = false;
  let quietFocus = false;     // focus moved by us to follow ImGui: do not echo it back

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // ---- the mirror's skeleton ------------------------------------------------------------------------
  function build() {
    root = el('div', { id: 'a11y-mirror', class: 'gl-sr' });
    root.appendChild(el('h1', {}, 'GradLab'));
    root.appendChild(el('p', {}, 'Deep-learning sandbox. Tab moves through the controls in the order they appear; ' +
      'Space or Enter activates; on a slider, Space starts adjusting, arrows change it, Space again ends. ' +
      'Escape leaves a text field. Space plays or pauses training, S steps, R resets, Ctrl plus and minus change the text size.'));
    // The app's network editor is mirrored by a real text area (its place in the list is the editor's).
    specArea = el('textarea', { id: 'a11y-spec', 'aria-label': 'Network specification, one layer per line',
                                'aria-describedby': 'a11y-spec-status', spellcheck: 'false' });
    root.appendChild(el('p', { id: 'a11y-spec-status', hidden: '' }));  // the editor's description
    const ctl = el('section', { 'aria-labelledby': 'a11y-controls-h' });
    ctl.appendChild(el('h2', { id: 'a11y-controls-h' }, 'Controls and views'));
    controls = el('div', { id: 'a11y-controls' });
    ctl.appendChild(controls);
    root.appendChild(ctl);
    const insp = el('section', { 'aria-labelledby': 'a11y-table-h' });
    insp.appendChild(el('h2', { id: 'a11y-table-h' }, 'Layer table'));
    table = el('table', { id: 'a11y-layers' });
    table.appendChild(el('caption', {}, 'Layers of the current network: output shape, parameters, multiplications'));
    const head = el('tr');
    for (const h of ['Layer', 'Output shape', 'Parameters', 'Multiplications']) head.appendChild(el('th', { scope: 'col' }, h));
    const thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    table.appendChild(el('tbody'));
    insp.appendChild(table);
    root.appendChild(insp);
    const pics = el('section', { 'aria-labelledby': 'a11y-pics-h' });
    pics.appendChild(el('h2', { id: 'a11y-pics-h' }, 'Pictures in words'));
    pictures = el('div', { id: 'a11y-pictures' });
    pics.appendChild(pictures);
    const ask = el('button', { id: 'a11y-summary', type: 'button' }, 'Announce training summary');
    ask.addEventListener('click', () => announce(trainingSummary(state()), true));
    pics.appendChild(ask);
    root.appendChild(pics);
    live = el('div', { id: 'a11y-live', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    root.appendChild(live);
    document.body.appendChild(root);
    root.addEventListener('focusin', onFocusIn);
    root.addEventListener('click', onClick);
    specArea.addEventListener('input', onSpecInput);
  }

  // ---- items ------------------------------------------------------------------------------------------
  function makeItem(kind, label) {
    if (kind === 'text') return el('p');
    if (kind === 'textarea' && label === 'spec' && !specArea.isConnected) return specArea;
    if (kind === 'textarea') return el('div', { role: 'textbox', 'aria-multiline': 'true', tabindex: '0' });
    return el('div', { role: KIND_ROLE[kind] || 'button', tabindex: '0' });
  }

  function applyItem(id, it) {
    let e = it.el;
    if (!e || e.dataset.kind !== it.kind) {
      const fresh = makeItem(it.kind, it.label);
      fresh.dataset.id = String(id);
      fresh.dataset.kind = it.kind;
      if (e && e.parentNode) e.parentNode.replaceChild(fresh, e);
      e = it.el = fresh;
    }
    const name = it.label || (it.kind === 'textarea' ? 'text' : '');
    if (it.kind === 'text') { e.textContent = it.label; return; }
    if (e === specArea) return;  // its text and state come from the app's state (poll)
    e.setAttribute('aria-label', name || it.kind);
    e.setAttribute('aria-disabled', it.disabled ? 'true' : 'false');
    if (it.kind === 'checkbox' || it.kind === 'radio') e.setAttribute('aria-checked', String(it.checked));
    if (it.kind === 'tab') e.setAttribute('aria-selected', String(it.checked));
    if (it.kind === 'header') e.setAttribute('aria-expanded', String(it.checked));
    if (it.kind === 'combo') { e.setAttribute('aria-expanded', 'false'); e.textContent = it.value; }
    if (it.kind === 'textbox' || it.kind === 'textarea') e.textContent = it.value;
    if (it.kind === 'slider') {
      // The app sends a slider's number and range (web/app/widgets/slider.h); else the shown text's number.
      const v = it.num !== undefined ? it.num : parseFloat(it.value);
      e.setAttribute('aria-valuenow', Number.isFinite(v) ? String(v) : '0');
      e.setAttribute('aria-valuetext', it.value);
      for (const [attr, end] of [['aria-valuemin', it.min], ['aria-valuemax', it.max]]) {
        if (end !== undefined) e.setAttribute(attr, String(end));
        else e.removeAttribute(attr);
      }
    }
  }

  // Puts the items' elements in order. The tabs go into one tablist; what is drawn between the first and
  // the last tab (the selected tab's content) goes into a tabpanel right after it.
  const tabs = el('div', { role: 'tablist', 'aria-label': 'Views' });
  const panel = el('div', { role: 'tabpanel' });
  function layout() {
    const live = order.map((id) => items.get(id)).filter((it) => it && it.el);
    const first = live.findIndex((it) => it.kind === 'tab');
    let last = -1;
    live.forEach((it, i) => { if (it.kind === 'tab') last = i; });
    const want = [], inTabs = [], inPanel = [];
    live.forEach((it, i) => {
      if (first < 0 || i < first || i > last) want.push(it.el);
      else if (it.kind === 'tab') inTabs.push(it);
      else inPanel.push(it.el);
      if (i === last) want.push(tabs, panel);
    });
    const active = document.activeElement;
    inTabs.forEach((it, i) => place(tabs, it.el, i));
    trim(tabs, inTabs.length);
    inPanel.forEach((e, i) => place(panel, e, i));
    trim(panel, inPanel.length);
    const selected = inTabs.find((it) => it.checked);
    if (selected) selected.el.id = 'a11y-tab-' + selected.el.dataset.id;
    if (selected) panel.setAttribute('aria-labelledby', selected.el.id);
    want.forEach((e, i) => place(controls, e, i));
    trim(controls, want.length);
    if (active && active !== document.activeElement && active.isConnected) refocus(active);
  }
  function place(parent, child, i) {
    if (parent.children[i] !== child) parent.insertBefore(child, parent.children[i] || null);
  }
  function trim(parent, n) {
    while (parent.children.length > n) parent.removeChild(parent.lastChild);
  }

  // ---- focus both ways ----------------------------------------------------------------------------------
  function refocus(e) {
    quietFocus = true;
    e.focus({ preventScroll: true });
    quietFocus = false;
  }
  function onFocusIn(ev) {
    const id = Number(ev.target.dataset && ev.target.dataset.id);
    if (quietFocus || !id || id === navId) return;
    navId = id;
    Module.ccall('gradlab_a11y_focus', 'number', ['number'], [id]);
  }
  // A screen reader's click (or a click on the mirror): activate the item in ImGui.
  function onClick(ev) {
    const id = Number(ev.target.dataset && ev.target.dataset.id);
    if (!id || ev.target.dataset.kind === 'text') return;
    navId = id;
    Module.ccall('gradlab_a11y_activate', null, ['number'], [id]);
  }
  function followNav(id) {
    navId = id;
    const it = items.get(id);
    if (!id || !it || !it.el.isConnected) return;
    const a = document.activeElement;
    const ours = !a || a === document.body || a.id === 'canvas' || (root.contains(a) && a !== specArea);
    if (ours && a !== it.el) refocus(it.el);
  }

  // ---- the diff from the app ------------------------------------------------------------------------------
  function update(text) {
    if (!started) start();
    const d = JSON.parse(text);
    for (const [id, kind, label, value, checked, disabled, num, min, max] of d.set || []) {
      const it = items.get(id) || {};
      Object.assign(it, { kind, label, value, checked, disabled, num, min, max });
      items.set(id, it);
      applyItem(id, it);
    }
    for (const id of d.del || []) {
      const it = items.get(id);
      if (it && it.el && it.el.parentNode) it.el.parentNode.removeChild(it.el);
      items.delete(id);
    }
    if (d.order) order = d.order;
    if (d.order || d.set || d.del) layout();
    if (d.nav !== undefined) followNav(d.nav);
    announceFeedback(d.set || []);
  }

  // Text that changes right after the text field being used is its feedback (an Inspector answer checked
  // "right" or "no"): say it.
  function announceFeedback(set) {
    for (const [id, kind, label] of set) {
      if (kind !== 'text') continue;
      const i = order.indexOf(id);
      const prev = i > 0 ? items.get(order[i - 1]) : null;
      const text = label.split('\n')[0].replace(/^[|\s]+|[|\s]+$/g, '');  // ImGui logs table cells with "|"
      if (prev && prev.kind === 'textbox' && text.length <= 40 && (prev.el === document.activeElement || order[i - 1] === navId))
        announce(prev.label + ': ' + text);
    }
  }

  // ---- state-driven parts: spec editor, layer table, announcements, pictures --------------------------
  function state() {
    try { return JSON.parse(Module.UTF8ToString(Module._gradlab_state_json())); } catch (e) { return null; }
  }
  let specTimer = 0, lastSent = null;
  function onSpecInput() {
    clearTimeout(specTimer);
    specTimer = setTimeout(() => {
      lastSent = specArea.value;
      Module.gradlabSetSpec(specArea.value);  // page.js: size-checked, guarded, a notice on failure
    }, 250);
  }
  const said = {};
  function announce(text, force) {
    if (!text) return;
    live.textContent = '';
    // A fresh text node after a tick, so the same words are spoken again when asked again.
    setTimeout(() => { live.textContent = text; }, force ? 50 : 0);
    A.lastAnnouncement = text;
  }
  function pct(v) { return (100 * v).toFixed(0) + '%'; }
  function trainingSummary(s) {
    if (!s || !s.train) return '';
    const t = s.train;
    let out = (t.playing ? 'Training' : 'Paused') + ' at step ' + (t.step || 0);
    if (t.loss_recent !== undefined) out += ', loss ' + t.loss_recent.toPrecision(3);
    if (t.acc_train !== undefined) out += ', training accuracy ' + pct(t.acc_train);
    if (t.acc_test !== undefined) out += ', test accuracy ' + pct(t.acc_test);
    return out + '.';
  }
  function specErrorText(e) {
    return 'Network error on line ' + e.line + ', column ' + e.col + ': ' + e.message;
  }
  function changed(key, value) {
    const v = JSON.stringify(value);
    if (said[key] === v) return false;
    said[key] = v;
    return true;
  }
  function fillTable(rows) {
    const body = table.tBodies[0];
    const key = JSON.stringify(rows);
    if (body.__key === key) return;
    body.__key = key;
    body.textContent = '';
    for (const r of rows) {
      const tr = el('tr');
      tr.appendChild(el('th', { scope: 'row' }, r.spec));
      tr.appendChild(el('td', {}, r.output_shape.join(' x ')));
      tr.appendChild(el('td', {}, String(r.params)));
      tr.appendChild(el('td', {}, String(r.mults)));
      body.appendChild(tr);
    }
  }
  // The visible tab's figures in words, written by the app (web/app/pictures_in_words.cpp, the state's
  // "pictures"): one paragraph per sentence. Paragraphs are updated in place and only where the words
  // changed (numbers move while training runs), so a screen reader reading the section keeps its place.
  function describePictures(s) {
    const lines = Array.isArray(s.pictures) ? s.pictures : [];
    const ps = pictures.children;
    for (let i = 0; i < lines.length; ++i) {
      if (i >= ps.length) pictures.appendChild(el('p', {}, lines[i]));
      else if (ps[i].textContent !== lines[i]) ps[i].textContent = lines[i];
    }
    while (ps.length > lines.length) pictures.removeChild(pictures.lastChild);
  }
  function poll() {
    const s = state();
    if (!s || !s.ready) return;
    if (document.activeElement !== specArea && specArea.value !== s.spec && lastSent !== s.spec) specArea.value = s.spec;
    if (document.activeElement !== specArea) lastSent = null;
    const status = document.getElementById('a11y-spec-status');
    status.textContent = s.spec_error ? specErrorText(s.spec_error) : 'Valid: ' + s.layers.length + ' rows, ' + s.total_params + ' learnable parameters.';
    specArea.setAttribute('aria-invalid', s.spec_error ? 'true' : 'false');
    fillTable(s.layers);
    // While the Inspector quizzes the student ("Check my answers"), the table would give the answers away.
    const quiz = [...items.values()].some((it) => it.kind === 'checkbox' && it.label === 'Check my answers' && it.checked);
    table.parentNode.hidden = quiz;
    describePictures(s);
    const t = s.train || {};
    if (changed('spec_error', s.spec_error) && s.spec_error) announce(specErrorText(s.spec_error));
    if (changed('banner', (t.diverged ? 'diverged ' : '') + (t.message || '')) && t.message) announce(t.message);
    if (changed('train_error', t.error || '') && t.error) announce(t.error);
    if (changed('playing', !!t.playing) && said.started) announce(trainingSummary(s));
    if (changed('url_note', s.url_note || '') && s.url_note) announce(s.url_note);
    said.started = true;
  }

  // ---- page-level keys and preferences -------------------------------------------------------------------
  // Registered before the app's (Emscripten's GLFW listens on window in the capture phase too): typing in a
  // page text field and Tab stay with the page, so shortcuts do not fire there and focus can always leave.
  function keyFilter(ev) {
    const t = ev.target;
    const typing = t && (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT');
    const pageControl = t && root && root.contains(t) && !(t.dataset && t.dataset.id);  // e.g. the summary button
    if (typing || pageControl) {
      ev.stopImmediatePropagation();
      if (typing && ev.type === 'keydown' && ev.key === 'Escape') document.getElementById('canvas').focus();
      return;
    }
    if (ev.key === 'Tab') { ev.stopImmediatePropagation(); return; }
    // Ctrl+= / Ctrl+- / Ctrl+0 scale the app's text (the app sees them); not the browser's page zoom.
    if (ev.type === 'keydown' && (ev.ctrlKey || ev.metaKey) && ['=', '+', '-', '0'].includes(ev.key)) ev.preventDefault();
    // Space and Enter on a mirror element go to ImGui's keyboard navigation, not to a native click.
    if (ev.type === 'keydown' && root && root.contains(t) && (ev.key === ' ' || ev.key === 'Enter')) ev.preventDefault();
  }
  for (const type of ['keydown', 'keypress', 'keyup']) window.addEventListener(type, keyFilter, true);

  function start() {
    started = true;
    build();
    const mq = (q) => window.matchMedia && window.matchMedia(q).matches ? 1 : 0;
    Module.ccall('gradlab_a11y_page_prefs', null, ['number', 'number', 'number'],
                 [mq('(prefers-color-scheme: dark)') || !mq('(prefers-color-scheme: light)') ? 1 : 0,
                  mq('(prefers-contrast: more)'), mq('(prefers-reduced-motion: reduce)')]);
    setInterval(poll, 500);
    poll();
  }

  const A = { update, announce, state: () => ({ navId, items: items.size }) };
  window.gradlabA11y = A;
})();
