// The coursework report from the command line, as a student hands it in: the packets chosen by a
// display filter or a range, as one self-contained HTML file (opened in Chromium with the network
// blocked, nothing is fetched) and as a PDF printed by Chromium whose pages render (pdftoppm).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchBrowser, screenshotPath } from './playwright-browser.js';

const CLI = fileURLToPath(new URL('../../electron/cli/layerscope-cli.ts', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'layerscope-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function layerscope(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('an HTML report holds the packets the filter chose, each with its stack, narrative, explained fields, diagram and bytes, and nothing from outside', async () => {
  const out = join(dir, 'report.html');
  const r = layerscope(['report', SAMPLE, '-Y', 'dns || tcp.flags.syn == 1', '--student', 'Ada Lovelace', '--course', 'Networks 101', '--view', 'sender', '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /4 packets reported/);
  const html = readFileSync(out, 'utf8');
  // The packets tshark selects for the same filter, in order, each in its own section.
  const numbers = [...html.matchAll(/<section class="packet" id="packet-(\d+)">/g)].map((m) => Number(m[1]));
  const tshark = spawnSync('tshark', ['-r', SAMPLE, '-Y', 'dns || tcp.flags.syn == 1', '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' }).stdout.trim().split('\n').map(Number);
  assert.deepEqual(numbers, tshark);
  assert.match(html, /<th>Student<\/th><td>Ada Lovelace<\/td>/);
  assert.match(html, /<th>Course<\/th><td>Networks 101<\/td>/);
  assert.match(html, /Contents[\s\S]*href="#packet-3"/);
  // The SYN's section: its comment, its narrative from the sender's side, TCP's fields with what
  // each is for and its RFC, the TCP header diagram, and its bytes.
  const syn = html.slice(html.indexOf('id="packet-5"'), html.indexOf('id="packet-6"'));
  assert.match(syn, /Comments[\s\S]*client opens the connection/i);
  assert.match(syn, /the sender builds the packet top down/);
  assert.match(syn, /Transport: TCP from port 40000 to port 80/);
  assert.match(syn, /Source Port: 40000<\/span> <code class="name">tcp\.srcport<\/code><div class="about">The port of the program that sent this segment[^<]*· RFC 9293/);
  assert.match(syn, /header diagram of Transmission Control Protocol/);
  assert.equal((syn.match(/<svg /g) ?? []).length, 2, 'the layer stack and the header diagram');
  assert.match(syn, /<span class="offset">0000<\/span>/);
  // Self-contained: no script, no stylesheet or image from elsewhere, links only within the page.
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(/i);
  for (const m of html.matchAll(/\b(?:href|src)="([^"]*)"/g)) assert.ok(m[1].startsWith('#'), `a link out of the page: ${m[1]}`);

  // Opened in Chromium with every request but the file itself refused: nothing else is asked for.
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    const requested: string[] = [];
    await page.route('**/*', (route) => {
      requested.push(route.request().url());
      return route.request().url().startsWith('file:') ? route.continue() : route.abort();
    });
    await page.goto(pathToFileURL(out).href);
    assert.deepEqual(requested, [pathToFileURL(out).href]);
    await page.locator('#packet-5').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('report-html-syn') });
  } finally {
    await browser.close();
  }
});

test('a PDF report is printed by Chromium on A4 pages that render, in the student\'s languages\' letters too', () => {
  const out = join(dir, 'report.pdf');
  const r = layerscope(['report', SAMPLE, '--packets', '5-7', '--title', 'Zadanie 2: uzgadnianie TCP — рукопожатие', '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  const info = spawnSync('pdfinfo', [out], { encoding: 'utf8' }).stdout;
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  assert.ok(pages >= 3, `${pages} pages`);
  assert.match(info, /Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  // The title's Polish and Cyrillic letters are in the PDF's text, not boxes.
  const text = spawnSync('pdftotext', [out, '-'], { encoding: 'utf8' }).stdout;
  assert.match(text, /Zadanie 2: uzgadnianie TCP — рукопожатие/);
  assert.match(text, /Packet 6 .+SYN, ACK/);
  const prefix = join(dir, 'page');
  assert.equal(spawnSync('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '2', out, prefix]).status, 0);
  const images = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png'));
  assert.equal(images.length, 2);
  for (const image of images) assert.ok(statSync(join(dir, image)).size > 2000, `${image} is not blank`);
});

test('a report that cannot be made says why and leaves no file', () => {
  const noChromium = join(dir, 'no-chromium.pdf');
  let r = layerscope(['report', SAMPLE, '--packets', '5', '-o', noChromium], { ...process.env, LAYERSCOPE_CHROMIUM: '/nonexistent/chromium' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /printed by Chromium, which is not installed: install it/);
  assert.equal(existsSync(noChromium), false);

  r = layerscope(['report', SAMPLE, '-Y', 'udp.port == 9', '-o', join(dir, 'none.html')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no packet was chosen/);
  r = layerscope(['report', SAMPLE, '--packets', '40', '-o', join(dir, 'missing.html')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /there is no packet 40: the capture has 18/);
  r = layerscope(['report', SAMPLE, '-o', join(dir, 'report.docx')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /written as \.html or \.pdf/);
  r = layerscope(['report', SAMPLE, '-o', join(dir, 'no-such-folder', 'r.html')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Cannot write .*r\.html/);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('partial')), []);
});

const NAMESPACES = fileURLToPath(new URL('../fixtures/packets/tcp-analysis-namespaces.pcap', import.meta.url));

test('--stream N reports that conversation: its ladder diagram and statistics, then its packets', () => {
  const out = join(dir, 'conversation.html');
  const r = layerscope(['report', SAMPLE, '--stream', '0', '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /10 packets reported/);
  const html = readFileSync(out, 'utf8');
  const stream = spawnSync('tshark', ['-r', SAMPLE, '-Y', 'tcp.stream == 0', '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' }).stdout.trim().split('\n');
  assert.deepEqual([...html.matchAll(/<section class="packet" id="packet-(\d+)">/g)].map((m) => m[1]), stream);
  assert.deepEqual([...html.matchAll(/<g class="arrow [^"]*" data-number="(\d+)"/g)].map((m) => m[1]), stream);
  assert.match(html, /<h2>TCP conversation 0: 192\.0\.2\.10:40000 ↔ 198\.51\.100\.20:80<\/h2>/);
  assert.ok(html.indexOf('id="conversation"') < html.indexOf('id="packet-5"'), 'the conversation comes first');
  assert.doesNotMatch(html, /<script|<link|<img|@import|url\(/i);

  // With -Y (or --packets) those packets are reported, beside the conversation's whole ladder.
  const chosen = join(dir, 'conversation-syn.html');
  assert.equal(layerscope(['report', SAMPLE, '--stream', '0', '-Y', 'tcp.flags.syn == 1', '-o', chosen]).code, 0);
  const synHtml = readFileSync(chosen, 'utf8');
  assert.deepEqual([...synHtml.matchAll(/<section class="packet" id="packet-(\d+)">/g)].map((m) => m[1]), ['5', '6']);
  assert.equal((synHtml.match(/<g class="arrow /g) ?? []).length, 10);
});

test('a conversation that does not exist is refused, saying how many there are, and no file is written', () => {
  const out = join(dir, 'no-stream.html');
  let r = layerscope(['report', SAMPLE, '--stream', '7', '-o', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /there is no TCP conversation 7: the capture has 1 TCP conversation/);
  r = layerscope(['report', SAMPLE, '--stream', '9', '--proto', 'udp', '-o', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /there is no UDP conversation 9/);
  r = layerscope(['report', SAMPLE, '--proto', 'udp', '-o', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--stream N is required/);
  assert.equal(existsSync(out), false);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('partial')), []);
});

/**
 * The ladder's pages of a PDF: each breaks between arrows, never through one (every arrow's time,
 * above its shaft, is on the page with its Seq/Ack/Len line, below it), and repeats the endpoints.
 */
function ladderPages(pdf: string, a: string, b: string): { page: number; arrows: number }[] {
  const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)![1]);
  const found: { page: number; arrows: number }[] = [];
  for (let page = 1; page <= pages; page++) {
    const text = spawnSync('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' }).stdout;
    const details = (text.match(/Seq=\d+ (?:Ack=\d+ )?Len=\d+/g) ?? []).length;
    if (details === 0) continue;
    const times = (text.match(/(?<![\d.])\d+\.\d{6}(?![\d]| s)/g) ?? []).length;
    assert.equal(times, details, `page ${page}: each arrow whole (${times} times, ${details} Seq lines)`);
    assert.ok(text.includes(a) && text.includes(b), `page ${page} names the endpoints`);
    found.push({ page, arrows: details });
  }
  return found;
}

test('a long conversation\'s ladder runs over PDF pages cleanly, on A4 from the command line and on Letter from a browser', async () => {
  const out = join(dir, 'ladder.pdf');
  const r = layerscope(['report', NAMESPACES, '--stream', '2', '--packets', '9', '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  const a = '10.203.0.1:60352';
  const b = '10.203.0.2:5002';
  const a4 = ladderPages(out, a, b);
  assert.ok(a4.length >= 2, `the 40 arrows span ${a4.length} pages`);
  assert.equal(a4.reduce((n, p) => n + p.arrows, 0), 40);
  const prefix = join(dir, 'ladder-page');
  assert.equal(spawnSync('pdftoppm', ['-r', '40', '-png', '-f', String(a4[0].page), '-l', String(a4[1].page), out, prefix]).status, 0);
  const images = readdirSync(dir).filter((f) => f.startsWith('ladder-page') && f.endsWith('.png'));
  assert.equal(images.length, 2);
  for (const image of images) assert.ok(statSync(join(dir, image)).size > 4000, `${image} shows the ladder`);

  // The same report printed on Letter by the browser's print (browser mode's way to PDF).
  const html = join(dir, 'ladder.html');
  assert.equal(layerscope(['report', NAMESPACES, '--stream', '2', '--packets', '9', '-o', html]).code, 0);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(html).href);
    const letter = join(dir, 'ladder-letter.pdf');
    await page.pdf({ path: letter, format: 'Letter' });
    assert.match(spawnSync('pdfinfo', [letter], { encoding: 'utf8' }).stdout, /Page size:\s+612 x 792 pts \(letter\)/);
    const pages = ladderPages(letter, a, b);
    assert.ok(pages.length >= 2);
    assert.equal(pages.reduce((n, p) => n + p.arrows, 0), 40);
  } finally {
    await browser.close();
  }
});
