// An independent parser reads what perdiem writes: node-x12 (npm, strict
// mode, which throws when SE01 is not the transaction set's segment count
// or a trailer's control number is not its header's) parses the corrected
// 837 of `perdiem fix` for the bundled example and for generated claims,
// and finds every claim of the input in it.
//
//   PERDIEM_BINARY=build/perdiem node --test tests/x12check/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { X12Parser } = require('node-x12');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const perdiem = process.env.PERDIEM_BINARY || path.join(root, 'build/perdiem');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'perdiem-x12check-'));

// Every interchange of a file (node-x12 reads one interchange per call):
// the text up to each IEA segment's terminator and the line break after it.
function interchanges(text) {
  const out = [];
  const re = /IEA\*[^~]*~\r?\n?/g;
  let at = 0, m;
  while ((m = re.exec(text)) !== null) {
    out.push(text.slice(at, m.index + m[0].length));
    at = m.index + m[0].length;
  }
  if (text.slice(at).trim()) out.push(text.slice(at));
  return out;
}

// Parses strictly; returns the claim ids (CLM01) in order and the
// transaction sets seen.
function parse(file) {
  const text = fs.readFileSync(file, 'latin1');
  const ids = [];
  let sets = 0;
  for (const part of interchanges(text)) {
    const parser = new X12Parser(true);
    const doc = parser.parse(part);
    const ics = doc.interchanges ? doc.interchanges : [doc];
    for (const ic of ics)
      for (const g of ic.functionalGroups)
        for (const t of g.transactions) {
          sets++;
          for (const s of t.segments) if (s.tag === 'CLM') ids.push(s.valueOf(1));
        }
    assert.equal(parser.diagnostics.length, 0, JSON.stringify(parser.diagnostics));
  }
  return { ids, sets };
}

function fix(input, output, extra = []) {
  const r = spawnSync(perdiem, ['fix', ...extra, '-o', output, input], { encoding: 'utf8' });
  assert.ok([0, 1, 2].includes(r.status), `perdiem fix exited ${r.status}: ${r.stderr}`);
  return r;
}

test('the corrected example 837 parses strictly and keeps every claim', () => {
  const input = path.join(root, 'examples/home-infusion.837');
  const out = path.join(work, 'example.fixed.837');
  fix(input, out);
  const before = parse(input), after = parse(out);
  assert.deepEqual(after.ids, before.ids);
  assert.notEqual(fs.readFileSync(out, 'latin1'), fs.readFileSync(input, 'latin1'), 'nothing was fixed');
});

for (const seed of [1, 7, 12]) {
  test(`corrected generated claims (seed ${seed}) parse strictly and keep every claim`, () => {
    const input = path.join(work, `gen${seed}.837`);
    execFileSync(perdiem, ['gen', '--claims', '3000', '--seed', String(seed), '--error-rate', '0.6',
                           '--claims-per-st', '400', '--st-per-interchange', '3', '-o', input]);
    const out = path.join(work, `gen${seed}.fixed.837`);
    const r = fix(input, out, ['--changes', path.join(work, `gen${seed}.changes`)]);
    assert.match(r.stderr, /corrected/);
    const before = parse(input), after = parse(out);
    assert.ok(before.sets > 3, 'several interchanges and sets');
    assert.deepEqual(after.ids, before.ids);
    const changes = fs.readFileSync(path.join(work, `gen${seed}.changes`), 'utf8').trim().split('\n');
    assert.ok(changes.length > 300, `only ${changes.length} changes`);
    for (const line of changes) {
      const c = JSON.parse(line);
      assert.ok(c.claim_id && c.rule && c.fix && c.before && Array.isArray(c.after), line);
    }
  });
}
