// The biller's page in a real browser: headless Chromium (Debian's
// /usr/bin/chromium) driven by playwright-core. Starts `perdiem serve` on a
// free loopback port, opens the page, uploads the examples and checks that
// every line shows the decision `perdiem check` gives it.
//
//   node --test tests/browser/page.test.mjs
//
// PERDIEM_BINARY picks the binary (default build/perdiem), CHROMIUM the
// browser (default /usr/bin/chromium), PERDIEM_SCREENSHOTS a folder to keep
// screenshots in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = process.env.PERDIEM_BINARY || path.join(root, 'build', 'perdiem');
const examples = path.join(root, 'examples');
const shots = process.env.PERDIEM_SCREENSHOTS || '';
if (shots) mkdirSync(shots, { recursive: true });

let server, origin, browser;

function cli(args, cwd = examples) {
  try {
    return execFileSync(binary, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    if (e.stdout !== undefined && e.status !== null && e.status <= 2) return e.stdout;  // exit 1/2 are results
    throw e;
  }
}

before(async () => {
  server = spawn(binary, ['serve', '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  origin = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error('perdiem serve did not start: ' + err)), 15000);
    server.stderr.on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on('exit', (code) => reject(new Error('perdiem serve exited with ' + code + ': ' + err)));
  });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true });
});

after(async () => {
  if (browser) await browser.close();
  if (server) {
    const exited = new Promise((resolve) => server.on('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
  }
});

// A page that fails the test on any request that leaves the server, and on
// any error in the page's script.
async function openPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const offsite = [], errors = [];
  page.on('request', (r) => { if (!r.url().startsWith(origin + '/') && !r.url().startsWith('blob:')) offsite.push(r.url()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(origin + '/');
  return { page, context, offsite, errors };
}

async function shot(page, name) {
  if (shots) await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: true });
}

// Every line's decision as the page shows it, by claim id.
async function shownDecisions(page) {
  return page.$$eval('article.claim', (cards) => cards.map((c) => ({
    claim: c.dataset.claim,
    status: c.dataset.status,
    lines: [...c.querySelectorAll('tr.line')].map((r) => r.dataset.decision),
  })));
}

function cliDecisions(file) {
  const doc = JSON.parse(cli(['check', '--format', 'json', file]));
  return doc.claims.map((c) => ({ claim: c.claim_id, status: c.status, lines: c.lines.map((l) => l.decision) }));
}

test('uploading an 837 shows every claim and line with the decision perdiem check gives', async () => {
  const { page, context, offsite, errors } = await openPage();
  await page.waitForFunction(() => /version/.test(document.getElementById('policy').textContent));
  await page.setInputFiles('#file', path.join(examples, 'home-infusion.837'));
  await page.waitForSelector('#results:not([hidden]) article.claim');
  assert.deepEqual(await shownDecisions(page), cliDecisions('home-infusion.837'));

  // An edit with its message, reason codes, citation and fix.
  const edit = page.locator('article[data-claim="HI-1004"] li.edit[data-rule="per-diem-units"]');
  assert.match(await edit.locator('.codes').textContent(), /CO-151 \/ N362/);
  assert.match(await edit.locator('.msg').textContent(), /21 units billed/);
  assert.match(await edit.locator('.cite').textContent(), /CPCP019/);
  assert.match(await edit.locator('.fix').textContent(), /set the units to 7/);
  // The totals are the engine's.
  const totals = JSON.parse(cli(['check', '--format', 'json', 'home-infusion.837'])).totals;
  for (const d of ['pay', 'reduce', 'pend', 'bundle', 'deny']) {
    const n = await page.locator(`#totals [data-decision="${d}"] .n`).textContent();
    assert.equal(Number(n), totals.decisions[d], d);
  }
  assert.match(await page.locator('#status').textContent(), /Checked 8 claims/);
  await shot(page, 'home-infusion');

  // Only what is not paid: no paid line and no fully paid claim stays visible.
  await page.check('#unpaid-only');
  const visible = await page.$$eval('tr.line', (rows) => rows.filter((r) => r.offsetParent !== null).map((r) => r.dataset.decision));
  assert.ok(visible.length > 0);
  assert.ok(visible.every((d) => d !== 'pay'), visible.join(','));
  const paidCards = await page.$$eval('article.claim.all-paid', (cards) => cards.filter((c) => c.offsetParent !== null).length);
  assert.equal(paidCards, 0);
  await shot(page, 'home-infusion-unpaid');

  // Downloads are the API's bytes, which are the CLI's.
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  assert.equal(readFileSync(await json.path(), 'utf8'), cli(['check', '--format', 'json', 'home-infusion.837']));
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
  assert.equal(readFileSync(await csv.path(), 'utf8'), cli(['check', '--format', 'csv', 'home-infusion.837']));

  assert.deepEqual(offsite, [], 'the page fetched nothing from elsewhere');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a damaged claim is shown rejected, with its problem where it is, and the others checked', async () => {
  const { page, context, errors } = await openPage();
  await page.setInputFiles('#file', path.join(examples, 'damaged.837'));
  await page.waitForSelector('#results:not([hidden]) article.claim');
  assert.deepEqual(await shownDecisions(page), cliDecisions('damaged.837'));
  // The problem as the CLI reports it, shown with the segment it is in and
  // the element at fault marked.
  const doc = JSON.parse(cli(['check', '--format', 'json', 'damaged.837']));
  const want = doc.claims.find((c) => c.claim_id === 'DM-4001').problems[0];
  const problem = page.locator('article[data-claim="DM-4001"] li.problem').first();
  assert.equal(await problem.locator('.msg').textContent(), want.message);
  assert.equal(await problem.locator('.where').textContent(),
    `segment ${want.segment}, byte ${want.offset}, ${want.element}`);
  assert.equal(want.element, 'SV104');
  assert.equal(await problem.locator('.excerpt').textContent(), 'SV1*HC:S9500*700.00*UN*SEVEN*12**1~');
  assert.equal(await problem.locator('.excerpt mark').textContent(), 'SEVEN');
  await shot(page, 'damaged');
  assert.deepEqual(errors, []);
  await context.close();
});

test('input that is no claim file is reported on the page, not as a blank page', async () => {
  const { page, context } = await openPage();
  await page.fill('#text', 'Dear payer, please find our claims attached.');
  await page.click('#check');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.locator('#error h3').textContent(), /could not be read/);
  assert.match(await page.locator('#error').textContent(), /not X12/);
  assert.match(await page.locator('#error .where').textContent(), /byte 0/);
  assert.equal(await page.locator('#results').isHidden(), true);
  await shot(page, 'unreadable');
  await context.close();
});

test('the keyboard alone is enough: paste, check, filter', async () => {
  const { page, context } = await openPage();
  const claim = readFileSync(path.join(examples, 'claims.ndjson'), 'utf8');
  // Tab to the text box (a bounded number of presses).
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement && document.activeElement.id === 'text')) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'text');
  await page.keyboard.insertText(claim);
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('#results:not([hidden]) article.claim');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'results-heading');
  assert.deepEqual(await shownDecisions(page), cliDecisions('claims.ndjson'));
  // Tab from the results heading to the filter and switch it with Space.
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement && document.activeElement.id === 'unpaid-only')) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), 'unpaid-only');
  await page.keyboard.press('Space');
  assert.equal(await page.isChecked('#unpaid-only'), true);
  // The focused control is visibly outlined.
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await context.close();
});

test('at phone width nothing runs off the side of the page', async () => {
  const { page, context } = await openPage({ width: 375, height: 800 });
  await page.setInputFiles('#file', path.join(examples, 'home-infusion.837'));
  await page.waitForSelector('#results:not([hidden]) article.claim');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, 'page is ' + width + ' px wide');
  assert.deepEqual(await shownDecisions(page), cliDecisions('home-infusion.837'));
  await shot(page, 'phone');
  await context.close();
});
