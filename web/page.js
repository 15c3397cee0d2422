// GradLab's page script (index.html has no inline script, so the Content-Security-Policy allows only this
// site's own files): checks the browser's features, downloads the .wasm with a progress bar, and is the one
// door through which text from outside reaches the engine. Every input (the URL hash at load and on change,
// a loaded or dropped model file, a {source: "course", type: "load", hash} message from the embedding page)
// is size-checked against LIMITS, copied through the wasm heap (never the stack) and handed to an exported
// entry point under a guard, so a bad input becomes a visible notice naming the limit and the app runs on.
// Not here: what the engine does with the text (web/app, engine/) and the UI (drawn by the wasm module).
(function () {
  'use strict';

  // Size limit of each way in, in UTF-8 bytes. The engine's own limits (engine/core/limits.h, one table) replace
  // the numbers below once it is ready (adoptEngineLimits); nothing reaches the engine before then. The page
  // address has no engine counterpart. docs/security.md lists them all.
  const LIMITS = {
    hash: { bytes: 256 * 1024, what: 'URL hash', entry: 'gradlab_set_hash', engine: 'url_hash' },
    file: { bytes: 1024 * 1024, what: 'model file', entry: 'gradlab_load_json', engine: 'model_file' },
    run: { bytes: 64 * 1024 * 1024, what: 'run file', entry: 'gradlab_load_json', engine: 'run_file' },
    address: { bytes: 64 * 1024, what: 'page address', entry: 'gradlab_set_page_url' },
    spec: { bytes: 64 * 1024, what: 'network text', entry: 'gradlab_set_spec_text', engine: 'spec_text' },
  };

  const $ = (id) => document.getElementById(id);
  const fill = $('fill');
  const statusEl = $('status');
  let ready = false;
  let pending = null;  // a course message that arrived before the engine was ready: [text, source]

  // A fatal problem (the browser cannot run GradLab): replaces the loading bar. Text only, never markup.
  function problem(title, detail) {
    $('bar').style.display = 'none';
    statusEl.style.display = 'none';
    const p = $('problem');
    const b = document.createElement('b');
    b.textContent = title;
    p.replaceChildren(b, document.createElement('br'), document.createTextNode(detail));
    p.style.display = 'block';
    window.gradlabProblem = p.textContent;
  }

  // A recoverable problem (a rejected link or file): a dismissable bar over the app, which keeps running.
  function notice(text) {
    $('notice-text').textContent = text;
    $('notice').hidden = false;
    window.gradlabNotice = text;
    console.warn('GradLab: ' + text);
  }
  function clearNotice() {
    $('notice').hidden = true;
    window.gradlabNotice = null;
  }

  const advice = 'Please open GradLab in a current Chrome, Edge, Firefox or Safari (2023 or newer).';
  // Returns what the first missing feature means, or null.
  function missingFeature() {
    const simdProbe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1,
                                      8, 0, 65, 0, 253, 15, 253, 98, 11]);  // a function returning an i8x16 value
    // The build uses -fwasm-exceptions (the try / catch_all instructions): one tag and a function whose body
    // is `try catch_all end`. Without the feature, validate() rejects the tag section and the try opcode.
    const ehProbe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 13, 3, 1, 0, 0,
                                    10, 8, 1, 6, 0, 6, 64, 25, 11, 11]);
    if (typeof WebAssembly !== 'object')
      return 'This browser cannot run WebAssembly, which GradLab needs to train networks on your machine.';
    if (!WebAssembly.validate(simdProbe))
      return 'This browser lacks WebAssembly SIMD, which GradLab uses to train networks quickly.';
    if (!WebAssembly.validate(ehProbe))
      return 'This browser lacks WebAssembly exception handling (Chrome 95, Firefox 100, Safari 15.2 or newer), ' +
             'which GradLab uses to report errors in a network instead of stopping.';
    if (!document.createElement('canvas').getContext('webgl2'))
      return 'WebGL2 is not available (it may be disabled, or the graphics driver is blocked), so GradLab cannot draw.';
    return null;
  }

  // ---- the one door into the engine --------------------------------------------------------------------

  const mib = (n) => (n / 1048576).toFixed(2) + ' MiB';
  // 262144 -> '256 KiB', 67108864 -> '64 MiB' (the engine's own wording of its limits).
  const shown = (n) => n % 1048576 === 0 ? `${n / 1048576} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
  function overLimit(kind, bytes) {
    const l = LIMITS[kind];
    return `the ${l.what} is ${bytes.toLocaleString('en')} bytes (${mib(bytes)}); the limit for a ${l.what} is ` +
           `${shown(l.bytes)} (${l.bytes.toLocaleString('en')} bytes), so it was not used.`;
  }

  // Takes each limit from the engine's table (gradlab_input_limits), so page and engine cannot disagree.
  function adoptEngineLimits() {
    const table = JSON.parse(Module.UTF8ToString(Module._gradlab_input_limits()));
    for (const l of Object.values(LIMITS)) {
      if (!l.engine) continue;
      const bytes = table[l.engine] && table[l.engine].bytes;
      if (Number.isSafeInteger(bytes) && bytes > 0) l.bytes = bytes;
      else console.warn(`GradLab: the engine reports no limit for '${l.engine}'; keeping ${l.bytes} bytes`);
    }
    Object.freeze(LIMITS);
    window.gradlabLimits = () => JSON.parse(JSON.stringify(LIMITS));
  }

  // Calls the exported C function `name` with text copied into the heap (malloc + stringToUTF8), and returns
  // the message it reports ('' when all went well). A trap (which no C++ handler can catch) becomes a
  // message too, and the stack pointer is restored, so the main loop and later calls go on.
  function callEngine(name, text) {
    const n = Module.lengthBytesUTF8(text) + 1;
    const sp = Module.stackSave();
    let ptr = 0;
    try {
      ptr = Module._malloc(n);
      if (!ptr) return `there is not enough memory to copy it (${n.toLocaleString('en')} bytes)`;
      Module.stringToUTF8(text, ptr, n);
      return Module.UTF8ToString(Module['_' + name](ptr));
    } catch (e) {
      return 'GradLab hit an internal error (' + String(e) + '); if it misbehaves from now on, reload the page';
    } finally {
      Module.stackRestore(sp);
      try { if (ptr) Module._free(ptr); } catch (e) { /* the heap is beyond repair; nothing to free into */ }
    }
  }

  // Hands text of one kind ('hash', 'file', 'address') to the engine if it is within that kind's limit.
  // source names where it came from, for the notice. Returns true when the engine took it.
  function submit(kind, text, source) {
    const bytes = Module.lengthBytesUTF8(text);
    if (bytes > LIMITS[kind].bytes) {
      notice(source + ': ' + overLimit(kind, bytes));
      return false;
    }
    const reply = callEngine(LIMITS[kind].entry, text);
    if (reply) {
      notice(source + ': ' + reply);
      return false;
    }
    clearNotice();
    return true;
  }

  // A model or run file (Load button or drop): its first bytes say which (run files GradLab writes start with
  // {"format":"gradlab-run"), and its size is checked against that kind's limit before the rest is read.
  function submitFile(file, source) {
    const name = file.name.length > 80 ? file.name.slice(0, 77) + '...' : file.name;
    const failed = (e) => notice(`${source} "${name}" could not be read: ${String(e)}`);
    file.slice(0, 64).text().then((head) => {
      const kind = head.includes('"gradlab-run"') ? 'run' : 'file';
      if (file.size > LIMITS[kind].bytes) {
        notice(`${source} "${name}": ` + overLimit(kind, file.size));
        return;
      }
      file.text().then((t) => submit(kind, t, `${source} "${name}"`), failed);
    }, failed);
  }

  // The embedding page may send {source: "course", type: "load", hash: "#spec=..."}; only its parent
  // window is listened to, and the hash goes through the same door as a link.
  function onMessage(e) {
    const d = e.data;
    if (window.parent === window || e.source !== window.parent) return;
    if (!d || typeof d !== 'object' || d.source !== 'course' || d.type !== 'load') return;
    if (typeof d.hash !== 'string') {
      notice('A message from the course page was ignored: its "hash" is not text.');
      return;
    }
    if (ready) submit('hash', d.hash, 'The course page\'s link');
    else pending = [d.hash, 'The course page\'s link'];
  }

  // The app's ready / state / check messages (JSON text) to the page that frames it, if any (docs/embedding.md).
  function postToCourse(text) {
    if (window.parent !== window) window.parent.postMessage(JSON.parse(text), '*');
  }

  // ---- the address follows the app ------------------------------------------------------------------------

  // The app keeps the address's hash in step with its state (web/platform/main.cpp calls this on every
  // change, which is every frame while a slider is dragged). Browsers limit history calls (Safari throws a
  // SecurityError when they come too often, Chromium throttles them), so the address is written at most
  // every 250 ms, the last state last.
  const HASH_WRITE_MS = 250;
  let latestHash = null;
  let lastWrite = -Infinity;
  let writeTimer = 0;
  function writeHash() {
    writeTimer = 0;
    lastWrite = performance.now();
    try {
      history.replaceState(null, '', latestHash);
    } catch (e) {
      console.warn('GradLab could not update the address: ' + e);
    }
  }
  function followHash(hash) {
    latestHash = hash;
    if (writeTimer) return;
    const wait = lastWrite + HASH_WRITE_MS - performance.now();
    if (wait <= 0) writeHash();
    else writeTimer = setTimeout(writeHash, wait);
  }

  // ---- start-up --------------------------------------------------------------------------------------------

  function wireInputs() {
    const address = location.href.split('#')[0];
    if (!submit('address', address, 'The page address')) callEngine(LIMITS.address.entry, '');  // "Copy link": hash only
    // The new hash comes from the event, not from location: a pending address write (followHash) may have
    // replaced it with the app's previous state in between. That write is dropped: the app writes its new state.
    const applyHash = (e) => {
      if (writeTimer) clearTimeout(writeTimer), writeTimer = 0;
      submit('hash', e && e.newURL ? new URL(e.newURL).hash : location.hash, 'The link');
    };
    if (location.hash) applyHash();
    window.addEventListener('hashchange', applyHash);
    if (pending) submit('hash', ...pending);
    pending = null;
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.id = 'file-input';
    input.hidden = true;
    document.body.appendChild(input);
    input.onchange = () => { if (input.files[0]) submitFile(input.files[0], 'The file'); input.value = ''; };
    Module.gradlabOpenFile = () => input.click();
    Module.gradlabSetSpec = (text) => submit('spec', text, 'The network text');  // a11y.js's editor
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => {
      e.preventDefault();
      if (e.dataTransfer.files[0]) submitFile(e.dataTransfer.files[0], 'The dropped file');
    });
  }

  // The image data sets (digits, Fashion-MNIST: a 5.6 MB pack) are fetched only when the app first asks for them
  // (web/platform/main.cpp calls this every frame while an image set waits for the pack); the 2D sets need
  // nothing. One fetch per page: a failure is a notice, and a reload tries again.
  let imagesAsked = false;
  function fetchImages() {
    if (imagesAsked) return;
    imagesAsked = true;
    fetch('images.glpack').then((r) => r.ok ? r.arrayBuffer() : Promise.reject(new Error('HTTP ' + r.status)))
      .then((buf) => {
        Module.FS.writeFile('/images.glpack', new Uint8Array(buf));
        const reply = callEngine('gradlab_image_pack_ready', '/images.glpack');
        if (reply) notice('The image data sets: ' + reply);
      }).catch((e) => {
        imagesAsked = false;  // asked again when an image set is picked again
        callEngine('gradlab_image_pack_failed', String(e).slice(0, 200));
        notice('The image data sets (digits, Fashion-MNIST) could not be downloaded (' + String(e) +
               '); pick the data set again to retry.');
      });
  }

  function onReady() {
    $('overlay').style.display = 'none';
    window.gradlabState = () => JSON.parse(Module.UTF8ToString(Module._gradlab_state_json()));
    Module.gradlabReport = notice;  // problems the main loop recovered from (web/platform/main.cpp)
    Module.gradlabFollowHash = followHash;
    Module.gradlabPostMessage = postToCourse;
    adoptEngineLimits();
    Module.gradlabNeedImages = fetchImages;
    ready = true;
    wireInputs();
    $('canvas').focus();
  }

  // Downloads the .wasm ourselves to show progress, then hands it to Emscripten.
  async function download(imports) {
    const url = 'gradlab.wasm';
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(url + ': HTTP ' + resp.status);
    const total = +resp.headers.get('Content-Length') || 0;
    const reader = resp.body.getReader();
    const chunks = [];
    let got = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      got += value.length;
      if (total) fill.style.width = (100 * got / total).toFixed(1) + '%';
      statusEl.textContent = 'Downloading the engine… ' + (got / 1048576).toFixed(1) + ' MB' +
                             (total ? ' of ' + (total / 1048576).toFixed(1) + ' MB' : '');
    }
    const bytes = new Uint8Array(got);
    let off = 0;
    for (const c of chunks) { bytes.set(c, off); off += c.length; }
    statusEl.textContent = 'Starting…';
    return WebAssembly.instantiate(bytes, imports);
  }

  // The only script this page inserts; under Trusted Types it goes through this one-URL policy.
  function loadEngineScript() {
    const policy = window.trustedTypes && window.trustedTypes.createPolicy('gradlab', {
      createScriptURL: (u) => { if (u === 'gradlab.js') return u; throw new TypeError('script not allowed: ' + u); },
    });
    const s = document.createElement('script');
    s.src = policy ? policy.createScriptURL('gradlab.js') : 'gradlab.js';
    s.onerror = () => problem('GradLab could not load gradlab.js.', 'Is the site complete?');
    document.body.appendChild(s);
  }

  function start() {
    $('canvas').addEventListener('contextmenu', (e) => e.preventDefault());
    $('notice-close').addEventListener('click', () => { clearNotice(); $('canvas').focus(); });
    window.addEventListener('message', onMessage);
    const missing = missingFeature();
    if (missing) {
      problem(missing, advice);
      return;
    }
    window.Module = {
      canvas: $('canvas'),
      print: (t) => console.log(t),
      printErr: (t) => console.warn(t),
      instantiateWasm(imports, done) {
        download(imports).then(({ instance, module }) => done(instance, module))
          .catch((e) => problem('GradLab could not load its engine.', String(e)));
        return {};
      },
      onGradLabReady: onReady,
      onAbort: (what) => problem('GradLab stopped unexpectedly.', String(what)),
    };
    loadEngineScript();
  }

  start();
})();
