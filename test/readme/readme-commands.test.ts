// Every command the README shows, run exactly as written, in a fresh copy of the project, from a
// shell with a newcomer's environment: the `npx layerscope` lines once broke unseen because the
// tests called the built bundle directly. A command added to the README without a check here
// fails the first test, so nothing the README shows goes untried.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { readmeCommands } from './readme-commands.js';
import { launchBrowser, screenshotPath } from '../e2e/playwright-browser.js';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SAMPLE_PACKETS = 18;

/** What the project would hold in a fresh clone of this work: tracked and new, unignored files. */
function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-readme-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT }).toString().split('\0');
  for (const file of files) {
    const from = join(ROOT, file);
    if (!file || !existsSync(from)) continue; // deleted in the work tree
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(from, join(dir, file));
    chmodSync(join(dir, file), statSync(from).mode & 0o777);
  }
  return dir;
}

/** A terminal's environment: none of the variables `npm test` sets for its own scripts, no display. */
function newcomerEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|INIT_CWD$|NODE_OPTIONS$|ELECTRON_|LAYERSCOPE_|DISPLAY$|WAYLAND_DISPLAY$)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/** A command typed into a shell in the copy; its own process group, so Ctrl+C reaches all of it. */
class Typed {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exit: Promise<number | null>;

  constructor(readonly command: string, cwd: string) {
    this.child = spawn('bash', ['-c', command], { cwd, env: newcomerEnvironment(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exit = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  }

  /** Resolves when `pattern` appears on stdout or stderr; rejects if the command ends first. */
  async output(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    void this.exit.then(() => (ended = true));
    for (;;) {
      const match = (this.stdout + this.stderr).match(pattern);
      if (match) return match;
      if (ended || Date.now() > deadline) {
        throw new Error(`\`${this.command}\` ${ended ? 'ended' : 'timed out'} without printing ${pattern}:\n${this.stdout}\n${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Whether every process the command started has ended, waiting up to `timeoutMs` for them. */
  async allEnded(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        process.kill(-this.child.pid!, 0);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ESRCH') return true;
        throw err;
      }
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Ctrl+C, as in the terminal: the whole foreground process group gets SIGINT. */
  interrupt(): Promise<number | null> {
    try {
      process.kill(-this.child.pid!, 'SIGINT');
    } catch {
      // Already gone.
    }
    return this.exit;
  }
}

async function run(command: string, cwd: string, timeoutMs = 60_000): Promise<Typed> {
  const typed = new Typed(command, cwd);
  const timer = setTimeout(() => typed.interrupt(), timeoutMs);
  await typed.exit;
  clearTimeout(timer);
  return typed;
}

function countPackets(path: string): number {
  const reader = openCaptureFile(path);
  let packets = 0;
  while (reader.next()) packets++;
  reader.close();
  return packets;
}

let copy: string;
let browser: Browser;

/** The page a browser-mode URL opens shows the capture's packets, as a user sees them. */
async function assertServesSample(url: string, screenshot: string): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.getByTestId('packet-count').filter({ hasText: `${SAMPLE_PACKETS} packets` }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: screenshotPath(screenshot) });
  } finally {
    await page.close();
  }
}

/** Starts a browser-mode command, checks the page it serves, then stops it with Ctrl+C. */
async function checkBrowserMode(command: string, timeoutMs: number, screenshot: string): Promise<Typed> {
  const typed = new Typed(command, copy);
  try {
    const [url] = await typed.output(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/, timeoutMs);
    await assertServesSample(url, screenshot);
  } finally {
    await typed.interrupt();
  }
  // npm itself ends by the signal, as in a terminal; what matters is that nothing is left running
  // (no server, no capture helper) and that nothing crashed on the way out.
  assert.ok(await typed.allEnded(), `\`${command}\` left processes running after Ctrl+C`);
  assert.doesNotMatch(typed.stderr, /^\s+at /m, `a stack trace on stderr:\n${typed.stderr}`);
  return typed;
}

/** Opens TCP connections to 127.0.0.1:port (refused or not, each sends a SYN) until `done`. */
async function knockUntil(port: number, done: Promise<unknown>, limit = 400): Promise<void> {
  let finished = false;
  void done.then(() => (finished = true));
  for (let i = 0; i < limit && !finished; i++) {
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('error', () => resolve());
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a user sees from each command, keyed by the command exactly as the README writes it. */
const checks: Record<string, () => Promise<void>> = {
  async 'npm install && npm start'() {
    // The install runs the build; where the Electron runtime cannot be downloaded (here), it must
    // still succeed and the app must open in browser mode on the bundled sample.
    const typed = await checkBrowserMode('npm install && npm start', 600_000, 'readme-npm-start');
    assert.match(typed.stdout, /browser mode/);
  },
  async 'npm start -- resources/sample.pcapng'() {
    await checkBrowserMode('npm start -- resources/sample.pcapng', 120_000, 'readme-npm-start-file');
  },
  async 'npx layerscope serve resources/sample.pcapng'() {
    const typed = await checkBrowserMode('npx layerscope serve resources/sample.pcapng', 60_000, 'readme-npx-serve');
    assert.match(typed.stdout, new RegExp(`sample\\.pcapng \\(${SAMPLE_PACKETS} packets\\)`));
  },
  async 'npx layerscope list resources/sample.pcapng'() {
    const typed = await run('npx layerscope list resources/sample.pcapng', copy);
    assert.equal(await typed.exit, 0, typed.stderr);
    const lines = typed.stdout.trimEnd().split('\n');
    assert.equal(lines.length, SAMPLE_PACKETS);
    assert.match(lines[0], /^ +1 +0\.000000 .+ ARP 42 Who has 192\.0\.2\.1\? Tell 192\.0\.2\.10$/);
  },
  async 'npx layerscope dissect resources/sample.pcapng --packet 3'() {
    const typed = await run('npx layerscope dissect resources/sample.pcapng --packet 3', copy);
    assert.equal(await typed.exit, 0, typed.stderr);
    assert.match(typed.stdout, /^Packet 3 .+ DNS .+ Standard query 0x2b7e A example\.com$/m);
    assert.match(typed.stdout, /^Domain Name System \(query\)/m);
  },
  async 'npx layerscope dissect resources/sample.pcapng --json'() {
    const typed = await run('npx layerscope dissect resources/sample.pcapng --json', copy);
    assert.equal(await typed.exit, 0, typed.stderr);
    const packets = typed.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(packets.map((p) => p.number), Array.from({ length: SAMPLE_PACKETS }, (_, i) => i + 1));
  },
  async 'npx layerscope dissect resources/sample.pcapng --format csv'() {
    const typed = await run('npx layerscope dissect resources/sample.pcapng --format csv', copy);
    assert.equal(await typed.exit, 0, typed.stderr);
    const lines = typed.stdout.trimEnd().split('\n');
    assert.equal(lines[0], '"No.","Time","Source","Destination","Protocol","Length","Info","Comment"');
    assert.equal(lines.length, SAMPLE_PACKETS + 1);
  },
  async 'npx layerscope list resources/sample.pcapng -Y "tcp.flags.syn == 1"'() {
    const typed = await run('npx layerscope list resources/sample.pcapng -Y "tcp.flags.syn == 1"', copy);
    assert.equal(await typed.exit, 0, typed.stderr);
    // The SYN and the SYN-ACK of the sample's handshake, with their own numbers.
    assert.deepEqual(typed.stdout.trimEnd().split('\n').map((l) => l.trim().split(/\s+/)[0]), ['5', '6']);
  },
  async 'npx layerscope report resources/sample.pcapng -Y "dns || tcp.flags.syn == 1" --student "Ada Lovelace" -o report.pdf'() {
    const typed = await run('npx layerscope report resources/sample.pcapng -Y "dns || tcp.flags.syn == 1" --student "Ada Lovelace" -o report.pdf', copy);
    assert.equal(await typed.exit, 0, typed.stderr);
    const text = spawnSync('pdftotext', [join(copy, 'report.pdf'), '-'], { encoding: 'utf8' }).stdout;
    assert.match(text, /Ada Lovelace/);
    assert.match(text, /Packet 5 .+SYN/);
  },
  async 'npx layerscope report resources/sample.pcapng --stream 0 -o connection.html'() {
    const typed = await run('npx layerscope report resources/sample.pcapng --stream 0 -o connection.html', copy);
    assert.equal(await typed.exit, 0, typed.stderr);
    const html = readFileSync(join(copy, 'connection.html'), 'utf8');
    // The connection's ten packets, each an arrow of its ladder and a section of its own; A ends in TIME-WAIT.
    assert.equal((html.match(/<g class="arrow /g) ?? []).length, 10);
    assert.equal((html.match(/<section class="packet" /g) ?? []).length, 10);
    assert.match(html, /A: TIME-WAIT/);
  },
  async 'npx layerscope conversations resources/sample.pcapng --type tcp'() {
    const typed = await run('npx layerscope conversations resources/sample.pcapng --type tcp', copy);
    assert.equal(await typed.exit, 0, typed.stderr);
    assert.match(typed.stdout, /^TCP Conversations$/m);
    // The sample's one connection: 6 frames from the client, 4 back, 10 in all.
    assert.match(typed.stdout, /^192\.0\.2\.10:40000 +<-> 198\.51\.100\.20:80 +4 430 bytes +6 491 bytes +10 921 bytes /m);
  },
  async 'npx layerscope endpoints resources/sample.pcapng --type ip'() {
    const typed = await run('npx layerscope endpoints resources/sample.pcapng --type ip', copy);
    assert.equal(await typed.exit, 0, typed.stderr);
    assert.match(typed.stdout, /^IPv4 Endpoints$/m);
    // The client sent 8 packets (652 bytes) and received 6 (618 bytes).
    assert.match(typed.stdout, /^192\.0\.2\.10 +14 +1270 +8 +652 +6 +618 +$/m);
  },
  async 'npx layerscope follow resources/sample.pcapng --stream 0'() {
    const typed = await run('npx layerscope follow resources/sample.pcapng --stream 0', copy);
    assert.equal(await typed.exit, 0, typed.stderr);
    // The client's request, then the server's response indented: each piece after its length.
    assert.match(typed.stdout, /^Node 0: 192\.0\.2\.10:40000\nNode 1: 198\.51\.100\.20:80\n87\nGET \/ HTTP\/1\.1\r\n[^]*\n\t158\nHTTP\/1\.1 200 OK\r\n/m);
  },
  async 'npx layerscope export resources/sample.pcapng --packets 1-4 -w arp-and-dns.pcapng'() {
    const typed = await run('npx layerscope export resources/sample.pcapng --packets 1-4 -w arp-and-dns.pcapng', copy);
    assert.equal(await typed.exit, 0, typed.stderr);
    assert.equal(countPackets(join(copy, 'arp-and-dns.pcapng')), 4);
  },
  async 'npx layerscope comment resources/sample.pcapng --packet 5 --text "The SYN" -w notes.pcapng'() {
    const typed = await run('npx layerscope comment resources/sample.pcapng --packet 5 --text "The SYN" -w notes.pcapng', copy);
    assert.equal(await typed.exit, 0, typed.stderr);
    const reader = openCaptureFile(join(copy, 'notes.pcapng'));
    for (let i = 1; i < 5; i++) reader.next();
    assert.match(reader.next()?.comments?.at(-1) ?? '', /The SYN$/);
    reader.close();
  },
  async 'sudo npx layerscope capture -i lo -f "tcp port 8080" -c 20 -w handshake.pcapng'() {
    if (process.getuid?.() !== 0) throw new Error('capturing on lo needs root here: run the tests as root (as CI does)');
    const typed = new Typed('sudo npx layerscope capture -i lo -f "tcp port 8080" -c 20 -w handshake.pcapng', copy);
    await typed.output(/Capturing on 'lo'/, 60_000);
    await knockUntil(8080, typed.exit);
    assert.equal(await typed.exit, 0, typed.stderr);
    assert.match(typed.stderr, /^20 packets captured/m);
    assert.equal(countPackets(join(copy, 'handshake.pcapng')), 20);
  },
  async 'sudo npx layerscope lab tcp -w lab-tcp.pcapng'() {
    const typed = await run('sudo npx layerscope lab tcp -w lab-tcp.pcapng', copy);
    assert.equal(await typed.exit, 0, typed.stderr);
    assert.match(typed.stdout, /conn, addr = server\.accept\(\)/);
    assert.match(typed.stdout, /TIME-WAIT/);
    const reader = openCaptureFile(join(copy, 'lab-tcp.pcapng'));
    const first = reader.next();
    assert.deepEqual(first?.comments, ['client: connect()']);
    reader.close();
  },
  async 'sudo env "PATH=$PATH" npm run install-polkit-action'() {
    // Run as written, inside a mount namespace where the folders it installs into are overlays
    // whose changes go to a tmpfs, so that this machine's own polkit setup is left as it was.
    const command = 'sudo env "PATH=$PATH" npm run install-polkit-action';
    const overlay = (dir: string, n: number) => `mkdir $T/u${n} $T/w${n} && mount -t overlay overlay -o lowerdir=${dir},upperdir=$T/u${n},workdir=$T/w${n} ${dir}`;
    const sandbox = [
      'T=$PWD/.polkit-sandbox && mkdir $T && mount -t tmpfs tmpfs $T',
      overlay('/usr/libexec', 1),
      overlay('/usr/share/polkit-1/actions', 2),
      command,
      'ls /usr/share/polkit-1/actions /usr/libexec/layerscope',
    ].join(' && ');
    const typed = await run(`unshare -m --propagation private sh -c '${sandbox}'`, copy);
    assert.equal(await typed.exit, 0, `${typed.stdout}\n${typed.stderr}`);
    assert.match(typed.stdout, /^org\.layerscope\.capture\.policy$/m);
    assert.match(typed.stdout, /^capture-helper-launcher$/m);
  },
  async 'npm test'() {
    // The command that runs this very test: CI runs it (and only it) after installing.
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    assert.equal(ci.at(-1)?.trim(), 'npm test');
  },
  async 'npm run bench'() {
    const typed = await run('npm run bench', copy, 900_000);
    assert.equal(await typed.exit, 0, `${typed.stdout}\n${typed.stderr}`);
    assert.match(typed.stdout, /^layerscope list: .+ \(best \d+\.\d+ s\), peak memory \d+ MB$/m);
    assert.match(typed.stdout, /^layerscope list --threads 1: .+ \(best \d+\.\d+ s\), peak memory \d+ MB$/m);
    assert.match(typed.stdout, /^tshark -n -r: .+ \(best \d+\.\d+ s\), peak memory \d+ MB$/m);
    assert.match(typed.stdout, /^Speed: layerscope is \d+\.\d× as fast as tshark/m);
    // Each display filter applied in the app, then by `list -Y`, beside tshark's time for it: the
    // best of three runs, the slowest in brackets; then each speed-up and the packets shown.
    const figure = String.raw`\d+\.\d+ s \(\d+\.\d+\)`;
    const filterLine = (filter: string) => new RegExp(String.raw`^${filter} +${figure} +${figure} +${figure} +\d+\.\d× (met|NOT met) +\d+\.\d+× +\(\d+ shown\)$`, 'm');
    assert.match(typed.stdout, filterLine('dns'));
    assert.match(typed.stdout, filterLine(String.raw`http\.request`));
    // The ladder of a 10,000-packet conversation: its first screen and its scrolling.
    assert.match(typed.stdout, /^First screen: cold \d+ ms; opened again 5×: best \d+ ms, median \d+ ms, worst \d+ ms \(target < 200 ms\)$/m);
    assert.match(typed.stdout, /^Scroll: 240 frames, .+ at most \d+ arrows in the DOM$/m);
  },
};

before(async () => {
  copy = freshCopy();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (copy) rmSync(copy, { recursive: true, force: true });
});

test('every command the README shows has a check here, and every check is a README command', () => {
  assert.deepEqual([...readmeCommands(README)].sort(), Object.keys(checks).sort());
});

// In README order: the set-up command comes first and installs what the others need.
for (const command of readmeCommands(README)) {
  test(`README: ${command}`, { timeout: 900_000 }, async () => {
    const check = checks[command];
    assert.ok(check, `no check for the README command \`${command}\``);
    await check();
  });
}
