// May this user capture, and how? In this order:
//  1. the helper may already capture (root, or CAP_NET_RAW+CAP_NET_ADMIN on the binary running it):
//     found out by letting the helper open `lo` for a moment;
//  2. Wireshark's dumpcap is installed and this user may run it: a second backend needing no
//     password at all (checked by having it open `lo`: `dumpcap -L -i lo`);
//  3. pkexec can start only the helper elevated (asks for a password on every capture, so it
//     comes after the two ways that need none).
// Otherwise the explanation says why, and fixCommands are the exact commands for this system.
// Capabilities are never suggested for the Electron binary: Linux's secure-execution mode (which
// file capabilities switch on) breaks Electron.

import { accessSync, constants, existsSync } from 'node:fs';
import { execFile, spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import type { CapturePermission } from '../service/contract.js';
import { helperCommand, helperInvocation } from './helper-command.js';
import { FrameReader, MSG_READY, type HelperRequest } from './helper-messages.js';

const SEARCH_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), ...SEARCH_PATH];
  for (const dir of dirs) {
    const candidate = `${dir}/${name}`;
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function findPkexec(): string | undefined {
  return process.platform === 'linux' ? findExecutable('pkexec') : undefined;
}

export function findDumpcap(): string | undefined {
  return findExecutable('dumpcap');
}

export interface ProbeOptions {
  /** Run the probe through this wrapper (tests: `setpriv --reuid=65534 ...`). */
  wrapper?: string[];
}

interface ProbeRun {
  error?: Error;
  status: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

interface ProbeResult {
  ok: boolean;
  message: string;
}

interface Probe {
  argv: string[];
  env?: NodeJS.ProcessEnv;
  timeout: number;
  interpret(run: ProbeRun): ProbeResult;
}

function runSync(probe: Probe): ProbeResult {
  const run = spawnSync(probe.argv[0], probe.argv.slice(1), { env: probe.env, timeout: probe.timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  return probe.interpret({ error: run.error, status: run.status, stdout: run.stdout ?? Buffer.alloc(0), stderr: run.stderr ?? Buffer.alloc(0) });
}

function runAsync(probe: Probe): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(probe.argv[0], probe.argv.slice(1), { env: probe.env, timeout: probe.timeout, encoding: 'buffer' }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      const spawnFailed = error && typeof error.code === 'string' ? error : undefined;
      resolve(probe.interpret({ error: spawnFailed, status, stdout, stderr }));
    });
  });
}

/** The helper opening `lo` for a moment. */
function helperProbe(options: ProbeOptions): Probe | ProbeResult {
  let command;
  try {
    command = helperCommand();
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  const request: HelperRequest = {
    mode: 'probe', source: 'cap', interface: 'lo', filter: '', snapLength: 65535, promiscuous: false,
    bufferSize: 1 << 20, filePath: '', fileFormat: 'pcapng', batchInterval: 75,
  };
  const { file, args, env } = helperInvocation(command, request, options.wrapper);
  return {
    argv: [file, ...args],
    env,
    timeout: 15_000,
    interpret(run) {
      if (run.error) return { ok: false, message: run.error.message };
      const frames = new FrameReader().push(run.stdout);
      if (frames.some((f) => f.type === MSG_READY)) return { ok: true, message: '' };
      const error = frames.find((f) => f.type !== MSG_READY);
      const text = error ? error.payload.toString('utf8') : run.stderr.toString('utf8');
      try {
        return { ok: false, message: (JSON.parse(text) as { message: string }).message };
      } catch {
        return { ok: false, message: text.trim() || `exit code ${run.status}` };
      }
    },
  };
}

/** dumpcap listing the link types of `lo`, which needs the device opened. */
function dumpcapProbe(dumpcap: string, options: ProbeOptions): Probe | ProbeResult {
  try {
    accessSync(dumpcap, constants.X_OK);
  } catch {
    return { ok: false, message: `${dumpcap} is installed but this user may not run it` };
  }
  return {
    argv: [...(options.wrapper ?? []), dumpcap, '-L', '-i', 'lo'],
    timeout: 10_000,
    interpret(run) {
      if (run.error) return { ok: false, message: run.error.message };
      if (run.status === 0) return { ok: true, message: '' };
      const first = run.stderr.toString('utf8').split('\n').find((line) => line.trim()) ?? `exit code ${run.status}`;
      return { ok: false, message: first.replace(/^dumpcap: /, '') };
    },
  };
}

const isProbe = (p: Probe | ProbeResult): p is Probe => 'argv' in p;

/** Lets the helper open `lo` for a moment; ok when it can. Blocks: prefer checkCapturePermission. */
export function helperMayCapture(options: ProbeOptions = {}): ProbeResult {
  const probe = helperProbe(options);
  return isProbe(probe) ? runSync(probe) : probe;
}

/** Whether this user may run dumpcap and open a device with it. Blocks for a moment. */
export function dumpcapUsable(dumpcap: string, options: ProbeOptions = {}): ProbeResult {
  const probe = dumpcapProbe(dumpcap, options);
  return isProbe(probe) ? runSync(probe) : probe;
}

function hasGraphicalSessionOrTerminal(): boolean {
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.stdin.isTTY);
}

/**
 * The permission check without blocking the event loop (the helper probe takes most of a second):
 * what the Electron main process and the service should call.
 */
export async function checkCapturePermission(options: ProbeOptions = {}): Promise<CapturePermission> {
  const hp = helperProbe(options);
  const helper = isProbe(hp) ? await runAsync(hp) : hp;
  if (helper.ok) return decide(helper, undefined, options);
  const dumpcap = findDumpcap();
  const dp = dumpcap ? dumpcapProbe(dumpcap, options) : undefined;
  const usable = dp ? (isProbe(dp) ? await runAsync(dp) : dp) : undefined;
  return decide(helper, usable && dumpcap ? { path: dumpcap, ...usable } : undefined, options);
}

/** The same check, blocking (the CLI, tests). */
export function capturePermission(options: ProbeOptions = {}): CapturePermission {
  const helper = helperMayCapture(options);
  if (helper.ok) return decide(helper, undefined, options);
  const dumpcap = findDumpcap();
  return decide(helper, dumpcap ? { path: dumpcap, ...dumpcapUsable(dumpcap, options) } : undefined, options);
}

function decide(helper: ProbeResult, dumpcap: (ProbeResult & { path: string }) | undefined, options: ProbeOptions): CapturePermission {
  if (helper.ok) return { canCapture: true, backend: 'cap' };
  if (dumpcap?.ok) {
    return {
      canCapture: true,
      backend: 'dumpcap',
      explanation: `Capturing through Wireshark's dumpcap (${dumpcap.path}), which this user may run; Layerscope's own helper may not capture (${helper.message}).`,
    };
  }
  const advice = permissionAdvice();
  const pkexec = findPkexec();
  if (pkexec && hasGraphicalSessionOrTerminal() && !options.wrapper) {
    return {
      canCapture: true,
      backend: 'cap-elevated',
      explanation: `This user may not capture (${helper.message}). Layerscope will ask for an administrator password through pkexec to start only its capture helper; the window itself never runs as root. To capture without a password: ${advice.explanation}`,
      fixCommands: advice.fixCommands,
    };
  }
  return {
    canCapture: false,
    backend: 'none',
    explanation: `This user may not capture packets (${helper.message}). ${advice.explanation} Opening capture files works without any of this.`,
    fixCommands: advice.fixCommands,
  };
}

/** What to run so this user may capture without a password, on this system. */
export function permissionAdvice(): { explanation: string; fixCommands: string[] } {
  const user = safeUserName();
  if (process.platform === 'darwin') {
    return {
      explanation:
        'On macOS, capture needs read access to the /dev/bpf* devices: Wireshark\'s "ChmodBPF" package grants it to the access_bpf group; otherwise Layerscope starts its helper through an administrator prompt (osascript "with administrator privileges").',
      fixCommands: ['sudo dseditgroup -o edit -a ' + user + ' -t user access_bpf'],
    };
  }
  if (process.platform === 'win32') {
    return {
      explanation:
        'On Windows, capture needs Npcap (installed with Wireshark, or from npcap.com); with "restrict to administrators" unticked no UAC prompt is needed, otherwise the helper is started through a UAC prompt.',
      fixCommands: [],
    };
  }
  const commands: string[] = [];
  const parts: string[] = [];
  const dumpcap = findDumpcap();
  const debian = existsSync('/usr/bin/dpkg');
  let runtime = '';
  try {
    runtime = helperCommand().runtime;
  } catch { /* no helper: only the dumpcap route is left */ }
  const electron = Boolean(process.versions.electron);
  if (runtime && !electron) {
    // Granting capabilities to Node lets any Node script capture: say so.
    parts.push(`Granting the capture capabilities to the Node.js binary that runs Layerscope's helper (${runtime}) lets it capture (note: every Node.js script run by that binary gains them).`);
    commands.push(`sudo setcap cap_net_raw,cap_net_admin=eip ${runtime}`);
  }
  if (dumpcap) {
    parts.push(`Wireshark's dumpcap is installed (${dumpcap}) but this user may not capture with it: allow non-superusers to capture and join the wireshark group, then log out and back in.`);
  } else {
    parts.push("Or install Wireshark's dumpcap, let non-superusers capture and join the wireshark group, then log out and back in.");
    if (debian) commands.push('sudo apt-get install wireshark-common');
    else if (existsSync('/usr/bin/dnf')) commands.push('sudo dnf install wireshark-cli');
  }
  if (debian) commands.push('sudo dpkg-reconfigure wireshark-common');
  commands.push(`sudo usermod -aG wireshark ${user}`);
  if (!debian && dumpcap) commands.push(`sudo chgrp wireshark ${dumpcap}`, `sudo setcap cap_net_raw,cap_net_admin=eip ${dumpcap}`);
  return { explanation: parts.join(' '), fixCommands: commands };
}

function safeUserName(): string {
  try {
    return process.env.SUDO_USER || userInfo().username;
  } catch {
    return '$USER';
  }
}
