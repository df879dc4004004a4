// perdiem: the biller's page. Plain JavaScript, no framework, no build step.
// It sends the claim file to POST /v1/check and shows what comes back: each
// claim and line coloured by decision, each edit with its message, reason
// codes, citation and fix, and the totals. Nothing here decides anything:
// the results are the engine's, the same as `perdiem check --format json`.
//
// Input text is never put into the page as HTML: every value goes through
// textContent.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const form = $('check-form'), fileInput = $('file'), text = $('text'), drop = $('drop');
  const source = $('source'), statusEl = $('status'), errorEl = $('error');
  const results = $('results'), claimsEl = $('claims'), totalsEl = $('totals');
  const fileProblemsEl = $('file-problems'), more = $('more'), unpaidOnly = $('unpaid-only');
  const checkBtn = $('check'), keyRow = $('key-row'), keyInput = $('api-key');
  const DECISIONS = ['pay', 'reduce', 'pend', 'bundle', 'deny'];
  const PAGE = 100;  // claims drawn at a time

  // What will be sent: the bytes of a chosen file as they are, or the text box.
  let input = null;          // {name, bytes: Uint8Array, fromFile: bool}
  let last = null;           // {name, bytes, json, doc} of the last check
  let shown = 0;             // claims drawn so far

  // ------------------------------------------------------------ helpers

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function say(msg) { statusEl.textContent = msg; }

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : (many || one + 's')); }

  function money(s) {
    // Exact decimal strings from the engine; only add thousands separators.
    if (typeof s !== 'string') return String(s);
    const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
    if (!m) return s;
    return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (m[3] || '');
  }

  function apiKey() { return sessionStorage.getItem('perdiem-api-key') || ''; }

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    const k = apiKey();
    if (k) h['Authorization'] = 'Bearer ' + k;
    return h;
  }

  function needKey() {
    keyRow.hidden = false;
    keyInput.focus();
  }

  keyInput.addEventListener('change', () => {
    sessionStorage.setItem('perdiem-api-key', keyInput.value.trim());
    loadPolicy();
  });

  // ------------------------------------------------------------ the policy line

  async function loadPolicy() {
    const p = $('policy');
    try {
      const r = await fetch('/v1/pack', { headers: headers() });
      if (r.status === 401) { p.textContent = 'Policy: enter the API key to see it'; return; }
      if (!r.ok) { p.textContent = 'Policy: not available'; return; }
      const pack = await r.json();
      p.textContent = 'Policy: ' + (pack.name || pack.id) + ' · version ' + pack.version + ' · effective ' + pack.effective;
    } catch (e) {
      p.textContent = 'Policy: the server cannot be reached';
    }
  }

  // ------------------------------------------------------------ choosing the input

  function guessType(bytes) {
    let i = 0;
    if (bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF) i = 3;
    while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0A || bytes[i] === 0x0D || bytes[i] === 0x09)) i++;
    const c = bytes[i];
    if (c === 0x7B || c === 0x5B) return 'application/json';  // { or [ (NDJSON is detected by the server)
    return 'text/plain';
  }

  async function useFile(file) {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    input = { name: file.name, bytes, fromFile: true };
    source.textContent = 'File: ' + file.name + ' (' + plural(bytes.length, 'byte') + ')';
    // Show small files in the text box; the bytes sent are the file's own.
    if (bytes.length <= 512 * 1024) text.value = new TextDecoder().decode(bytes);
    else text.value = '';
    await check();
  }

  fileInput.addEventListener('change', () => useFile(fileInput.files[0]));

  text.addEventListener('input', () => {
    if (input && input.fromFile) source.textContent = 'Edited text (from ' + input.name + ')';
    input = null;  // the text box is now the input
  });

  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); check(); }
  });

  ['dragenter', 'dragover'].forEach((t) => drop.addEventListener(t, (e) => {
    e.preventDefault(); drop.classList.add('over');
  }));
  ['dragleave', 'drop'].forEach((t) => drop.addEventListener(t, (e) => {
    e.preventDefault(); drop.classList.remove('over');
  }));
  drop.addEventListener('drop', (e) => {
    const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (f) useFile(f);
  });
  // A file dropped anywhere else must not make the browser leave the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());

  form.addEventListener('submit', (e) => { e.preventDefault(); check(); });

  $('clear').addEventListener('click', () => {
    input = null; last = null; text.value = ''; fileInput.value = ''; source.textContent = '';
    results.hidden = true; errorEl.hidden = true; say(''); text.focus();
  });

  // ------------------------------------------------------------ checking

  function currentInput() {
    if (input) return input;
    const bytes = new TextEncoder().encode(text.value);
    return { name: 'pasted', bytes, fromFile: false };
  }

  async function check() {
    const inp = currentInput();
    errorEl.hidden = true;
    if (inp.bytes.length === 0 || !/\S/.test(text.value) && !inp.fromFile) {
      showError('Nothing to check', 'Choose a claim file, drop one on the box, or paste claims into the text box.');
      text.focus();
      return;
    }
    checkBtn.disabled = true;
    say('Checking ' + inp.name + '…');
    let r, body;
    try {
      r = await fetch('/v1/check?file=' + encodeURIComponent(inp.name), {
        method: 'POST', headers: headers({ 'Content-Type': guessType(inp.bytes) }), body: inp.bytes,
      });
      body = await r.text();
    } catch (e) {
      checkBtn.disabled = false;
      say('');
      showError('The server cannot be reached', String(e && e.message || e));
      return;
    }
    checkBtn.disabled = false;
    if (r.status === 401) {
      say('');
      showError('This server needs an API key', 'Enter it in the API key box, then check again.');
      needKey();
      return;
    }
    if (!r.ok) {
      say('');
      results.hidden = true;
      showProblem(r.status, body, inp);
      return;
    }
    let doc;
    try { doc = JSON.parse(body); } catch (e) {
      showError('The answer could not be read', 'The server did not send JSON.');
      return;
    }
    last = { name: inp.name, bytes: inp.bytes, json: body, doc };
    render(doc, inp);
  }

  function showError(title, detail, extra) {
    errorEl.replaceChildren(el('h3', { text: title }), el('p', { text: detail }));
    if (extra) errorEl.append(extra);
    errorEl.hidden = false;
  }

  function showProblem(status, body, inp) {
    let p = null;
    try { p = JSON.parse(body); } catch (e) { /* not a problem document */ }
    if (!p) { showError('The server answered ' + status, body.slice(0, 300)); return; }
    let title = p.title || ('The server answered ' + status);
    if (status === 413) title = 'The file is larger than this server accepts';
    if (status === 422) title = 'The input could not be read';
    let list = null;
    if (Array.isArray(p.errors) && p.errors.length) list = problemList(p.errors, inp.bytes);
    showError(title, p.detail || '', list);
    say(title + '.');
  }

  // ------------------------------------------------------------ input excerpts

  // Where a problem is: the segment (X12) or the text around the byte offset,
  // with the element or byte at fault marked.
  function excerpt(bytes, offset, element) {
    if (!bytes || offset === undefined || offset === null || offset > bytes.length) return null;
    const dec = new TextDecoder();
    const isX12 = startsWithISA(bytes);
    if (isX12 && bytes.length >= 106) {
      const elemSep = bytes[3 + isX12.skip], term = bytes[105 + isX12.skip];
      // The segment holding the offset: back to the previous terminator.
      let start = Math.min(offset, bytes.length - 1);
      if (bytes[start] === term && start > 0) start--;
      while (start > 0 && bytes[start - 1] !== term) start--;
      while (start < bytes.length && (bytes[start] === 0x0A || bytes[start] === 0x0D || bytes[start] === 0x20)) start++;
      let end = start;
      while (end < bytes.length && bytes[end] !== term && end - start < 400) end++;
      const seg = bytes.subarray(start, end);
      const wrap = el('code', { class: 'excerpt' });
      // Mark the element named by the problem (SV104 -> the 4th element).
      const m = element && /^[A-Z][A-Z0-9]{1,2}(\d{2})/.exec(element);
      const pos = m ? parseInt(m[1], 10) : -1;
      let from = -1, to = -1;
      if (pos > 0) {
        let k = 0, i = 0;
        for (; i < seg.length && k < pos; i++) if (seg[i] === elemSep) k++;
        if (k === pos) { from = i; to = i; while (to < seg.length && seg[to] !== elemSep) to++; }
      }
      if (from >= 0) {
        wrap.append(dec.decode(seg.subarray(0, from)), el('mark', { text: dec.decode(seg.subarray(from, to)) || ' ' }),
                    dec.decode(seg.subarray(to)));
      } else {
        wrap.append(dec.decode(seg));
      }
      wrap.append(String.fromCharCode(term));
      return wrap;
    }
    const from = Math.max(0, offset - 60), to = Math.min(bytes.length, offset + 60);
    const at = Math.min(offset, bytes.length);
    const atEnd = Math.min(to, at + 1);
    return el('code', { class: 'excerpt' },
      (from > 0 ? '…' : '') + dec.decode(bytes.subarray(from, at)),
      el('mark', { text: at < bytes.length ? dec.decode(bytes.subarray(at, atEnd)) : '(end)' }),
      dec.decode(bytes.subarray(atEnd, to)) + (to < bytes.length ? '…' : ''));
  }

  function startsWithISA(bytes) {
    let i = 0;
    if (bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF) i = 3;
    while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0A || bytes[i] === 0x0D || bytes[i] === 0x09)) i++;
    return bytes[i] === 0x49 && bytes[i + 1] === 0x53 && bytes[i + 2] === 0x41 ? { skip: i } : null;
  }

  function problemList(problems, bytes) {
    const ul = el('ul', { class: 'problems' });
    for (const p of problems) {
      const where = [];
      if (p.segment) where.push((startsWithISA(bytes || new Uint8Array()) ? 'segment ' : 'line ') + p.segment);
      where.push('byte ' + p.offset);
      if (p.element) where.push(p.element);
      const li = el('li', { class: 'problem' + (p.severity === 'warning' ? ' warning' : ''), 'data-segment': p.segment,
                            'data-offset': p.offset },
        el('div', { class: 'msg', text: (p.severity === 'warning' ? 'Warning: ' : '') + p.message }),
        el('div', { class: 'where', text: where.join(', ') }),
        excerpt(bytes, p.offset, p.element));
      ul.append(li);
    }
    return ul;
  }

  // ------------------------------------------------------------ results

  function worst(claim) {
    let w = 0;
    for (const l of claim.lines || []) w = Math.max(w, DECISIONS.indexOf(l.decision));
    return DECISIONS[Math.max(0, w)];
  }

  function render(doc, inp) {
    results.hidden = false;
    unpaidOnly.checked = false;
    claimsEl.classList.remove('unpaid-only');
    renderTotals(doc.totals || {});
    fileProblemsEl.replaceChildren();
    if (Array.isArray(doc.problems) && doc.problems.length) {
      fileProblemsEl.append(el('h3', { text: 'Problems with the input as a whole' }), problemList(doc.problems, inp.bytes));
    }
    claimsEl.replaceChildren();
    shown = 0;
    drawMore();
    const t = doc.totals || {};
    const d = t.decisions || {};
    const notPaid = (d.reduce || 0) + (d.pend || 0) + (d.bundle || 0) + (d.deny || 0);
    say('Checked ' + plural(t.claims || 0, 'claim') + ' from ' + inp.name + ': ' +
        plural(notPaid, 'line') + ' not paid in full' + (t.rejected ? ', ' + plural(t.rejected, 'claim') + ' could not be read' : '') + '.');
    updateNothing();
    $('results-heading').focus();
  }

  function renderTotals(t) {
    totalsEl.replaceChildren();
    const tile = (cls, n, what, sub) => el('div', { class: 'tile ' + cls },
      el('span', { class: 'n', text: n }), el('span', { class: 'what', text: what }), sub ? el('div', { class: 'what', text: sub }) : null);
    totalsEl.append(tile('claims', t.claims || 0, 'claims',
      (t.checked || 0) + ' checked · ' + (t.out_of_scope || 0) + ' out of scope · ' + (t.rejected || 0) + ' rejected'));
    const d = t.decisions || {}, c = t.charge_by_decision || {};
    for (const k of DECISIONS) {
      const x = tile('d-' + k, d[k] || 0, (d[k] === 1 ? 'line ' : 'lines ') + k, 'charge ' + money(c[k] || '0.00'));
      x.style.borderLeftColor = 'currentColor';
      x.dataset.decision = k;
      totalsEl.append(x);
    }
  }

  function drawMore() {
    const claims = (last && last.doc.claims) || [];
    const frag = document.createDocumentFragment();
    const end = Math.min(claims.length, shown + PAGE);
    for (let i = shown; i < end; i++) frag.append(claimCard(claims[i], last.bytes));
    claimsEl.append(frag);
    shown = end;
    more.hidden = shown >= claims.length;
    if (!more.hidden) more.textContent = 'Show more claims (' + (claims.length - shown) + ' left)';
  }

  more.addEventListener('click', () => { drawMore(); updateNothing(); });

  function claimCard(c, bytes) {
    const w = c.status === 'rejected' ? 'deny' : worst(c);
    const unpaid = (c.lines || []).filter((l) => l.decision !== 'pay').length;
    const allPaid = c.status !== 'rejected' && unpaid === 0;
    const card = el('article', {
      class: 'claim status-' + c.status + ' worst-' + w + (allPaid ? ' all-paid' : ''),
      'data-claim': c.claim_id, 'data-status': c.status, 'aria-label': 'Claim ' + c.claim_id,
    });
    const meta = [];
    if (c.source) meta.push(c.source.file + (c.source.segment ? ', segment ' + c.source.segment : ''));
    if (c.policy_version) meta.push('policy ' + c.policy_version);
    if (c.status !== 'rejected') meta.push(plural((c.lines || []).length, 'line') + (unpaid ? ', ' + unpaid + ' not paid in full' : ', all paid'));
    card.append(el('header', null,
      el('h3', { text: c.claim_id || '(no claim id)' }),
      el('span', { class: 'badge status', text: c.status.replace(/_/g, ' ') }),
      el('span', { class: 'meta', text: meta.join(' · ') })));
    if (c.reason) card.append(el('p', { class: 'reason', text: 'Out of scope: ' + c.reason }));
    if (c.problems && c.problems.length) card.append(problemList(c.problems, bytes));
    if (c.lines && c.lines.length) card.append(linesTable(c));
    return card;
  }

  function linesTable(c) {
    const table = el('table', { class: 'lines' },
      el('thead', null, el('tr', null,
        el('th', { scope: 'col', text: 'Line' }), el('th', { scope: 'col', text: 'Code' }),
        el('th', { scope: 'col', text: 'Dates' }), el('th', { scope: 'col', text: 'Units' }),
        el('th', { scope: 'col', text: 'Charge' }), el('th', { scope: 'col', text: 'Decision' }))));
    const tbody = el('tbody');
    for (const l of c.lines) {
      const dates = l.from === l.to ? l.from : l.from + ' to ' + l.to;
      const units = String(l.units) === String(l.allowed_units) ? String(l.units) : l.units + ' → ' + l.allowed_units;
      const mods = l.modifiers && l.modifiers.length ? ' ' + l.modifiers.join(' ') : '';
      tbody.append(el('tr', { class: 'line decision-' + l.decision + ' bg-' + l.decision, 'data-line': l.line, 'data-decision': l.decision },
        el('td', { 'data-label': 'Line', class: 'num', text: l.line }),
        el('td', { 'data-label': 'Code', class: 'code' }, l.code, el('span', { class: 'mods', text: mods })),
        el('td', { 'data-label': 'Dates', text: dates }),
        el('td', { 'data-label': 'Units', class: 'num', text: units }),
        el('td', { 'data-label': 'Charge', class: 'num', text: money(l.charge) }),
        el('td', { 'data-label': 'Decision' }, el('span', { class: 'badge d-' + l.decision, text: l.decision }))));
      const hasEdits = l.edits && l.edits.length, hasNotes = l.notes && l.notes.length;
      if (hasEdits || hasNotes) {
        const cell = el('td', { colspan: 6 });
        if (hasEdits) {
          const ul = el('ul', { class: 'edits' });
          for (const e of l.edits) ul.append(editItem(e));
          cell.append(ul);
        }
        if (hasNotes) {
          const notes = el('ul', { class: 'notes' });
          for (const n of l.notes) notes.append(el('li', { text: n }));
          cell.append(notes);
        }
        tbody.append(el('tr', { class: 'detail decision-' + l.decision }, cell));
      }
    }
    table.append(tbody);
    return table;
  }

  function editItem(e) {
    const codes = (e.group ? e.group + '-' : '') + e.carc + (e.rarc && e.rarc.length ? ' / ' + e.rarc.join(', ') : '');
    const li = el('li', { class: 'edit d-' + e.decision, 'data-rule': e.rule },
      el('div', { class: 'head' },
        el('span', { class: 'badge d-' + e.decision, text: e.decision }),
        el('span', { class: 'rule', text: e.rule }),
        el('span', { class: 'codes', title: 'group code and CARC / RARC', text: codes })),
      el('p', { class: 'msg', text: e.message }),
      e.citation ? el('p', { class: 'cite', text: 'Policy: ' + e.citation }) : null);
    const fix = fixText(e.fix);
    if (fix) li.append(el('p', { class: 'fix' }, el('b', { text: 'Fix: ' }), fix));
    return li;
  }

  function fixText(f) {
    if (!f) return '';
    if (f.set_units !== undefined) return 'set the units to ' + f.set_units;
    if (f.add_modifier) return 'add modifier ' + f.add_modifier;
    if (f.replace_modifier) return 'replace modifier ' + f.replace_modifier.from + ' with ' + f.replace_modifier.to;
    if (f.remove_modifier) return 'remove modifier ' + f.remove_modifier;
    if (f.set_place_of_service) return 'set the place of service to ' + f.set_place_of_service;
    if (f.remove_line) return 'remove this line';
    if (f.add_ndc) return "add the drug's 11-digit NDC";
    if (f.add_line) {
      const a = f.add_line;
      return 'add a line for ' + a.code + (a.from ? ' (' + (a.from === a.to ? a.from : a.from + ' to ' + a.to) + ')' : '');
    }
    return JSON.stringify(f);
  }

  // ------------------------------------------------------------ filter and downloads

  function updateNothing() {
    const on = unpaidOnly.checked;
    const any = claimsEl.querySelector('.claim:not(.all-paid)');
    $('nothing-unpaid').hidden = !(on && !any && more.hidden);
  }

  unpaidOnly.addEventListener('change', () => {
    claimsEl.classList.toggle('unpaid-only', unpaidOnly.checked);
    updateNothing();
    say(unpaidOnly.checked ? 'Showing only claims and lines that are not paid in full.' : 'Showing every claim and line.');
  });

  function save(blob, name) {
    const a = el('a', { href: URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function baseName() {
    return (last && last.name ? last.name : 'claims').replace(/[^A-Za-z0-9._-]+/g, '_') + '.perdiem';
  }

  $('download-json').addEventListener('click', () => {
    if (!last) return;
    save(new Blob([last.json], { type: 'application/json' }), baseName() + '.json');
    say('Downloaded ' + baseName() + '.json');
  });

  $('download-csv').addEventListener('click', async () => {
    if (!last) return;
    say('Preparing the CSV…');
    try {
      const r = await fetch('/v1/check?format=csv&file=' + encodeURIComponent(last.name), {
        method: 'POST', headers: headers({ 'Content-Type': guessType(last.bytes) }), body: last.bytes,
      });
      if (!r.ok) { showProblem(r.status, await r.text(), last); return; }
      save(new Blob([await r.text()], { type: 'text/csv' }), baseName() + '.csv');
      say('Downloaded ' + baseName() + '.csv');
    } catch (e) {
      showError('The server cannot be reached', String(e && e.message || e));
    }
  });

  if (apiKey()) keyInput.value = apiKey();
  loadPolicy();
})();
