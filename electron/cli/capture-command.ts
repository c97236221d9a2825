// `layerscope capture -i IFACE [-f FILTER] [-c COUNT] [-a duration:SEC] [-s SNAPLEN] [-p] -w FILE`:
// a headless capture for teachers preparing captures, and for tests. Options follow tcpdump and
// dumpcap. The file is pcapng, or classic pcap when its name ends in .pcap. `-D` lists interfaces.
// Ctrl-C (or SIGTERM) stops the capture cleanly; the end prints the packet count and drops.
//
// Exit codes: 0 captured; 1 the capture could not start (no privilege, bad filter, no such
// interface: the message says which, with the commands that fix a lack of privilege); 2 usage.

import { UsageError, wholeNumber } from './cli-arguments.js';
import { LiveCapture, CaptureError, type CaptureBackend, type CaptureTotals } from '../capture/live-capture.js';
import { listInterfaces } from '../capture/interface-list.js';
import { dumpcapUsable, findDumpcap } from '../capture/capture-permission.js';
import type { CaptureOptions } from '../service/contract.js';
import { say } from '../text/catalog.js';
import { CLI_TEXT } from './cli-text.js';

/** The capture command's usage, in the chosen language. */
export function captureUsage(): string {
  return say(CLI_TEXT.capture_usage);
}

interface CaptureArguments {
  options: CaptureOptions;
  file?: string;
  count?: number;
  durationSeconds?: number;
  backend?: CaptureBackend;
  listOnly: boolean;
}

const WITH_VALUE = new Set(['-i', '-f', '-c', '-a', '-s', '-w', '-B', '--backend']);

export function parseCaptureArguments(argv: readonly string[]): CaptureArguments {
  const result: CaptureArguments = { options: { interface: '' }, listOnly: false };
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i];
    let value: string | undefined;
    const eq = flag.startsWith('--') ? flag.indexOf('=') : -1;
    if (eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    } else if (/^-[a-zA-Z].+/.test(flag) && WITH_VALUE.has(flag.slice(0, 2))) {
      value = flag.slice(2); // -ilo, like tcpdump
      flag = flag.slice(0, 2);
    }
    if (WITH_VALUE.has(flag) && value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(say(CLI_TEXT.needs_value, { option: flag }));
    }
    switch (flag) {
      case '-i': result.options.interface = value!; break;
      case '-f': result.options.filter = value!; break;
      case '-c': result.count = wholeNumber('-c', value!, 1); break;
      case '-s': result.options.snapLength = wholeNumber('-s', value!, 1); break;
      case '-B': result.options.bufferSize = wholeNumber('-B', value!, 1) * 1024 * 1024; break;
      case '-w': result.file = value!; break;
      case '-p': result.options.promiscuous = false; break;
      case '-D': result.listOnly = true; break;
      case '-a': {
        const match = /^duration:(\d+(?:\.\d+)?)$/.exec(value!);
        if (!match || Number(match[1]) <= 0) throw new UsageError(say(CLI_TEXT.duration, { value: value ?? '' }));
        result.durationSeconds = Number(match[1]);
        break;
      }
      case '--backend':
        if (value !== 'cap' && value !== 'dumpcap') throw new UsageError(say(CLI_TEXT.backend, { value: value ?? '' }));
        result.backend = value;
        break;
      default:
        throw new UsageError(`${say(CLI_TEXT.unknown_capture_option, { option: argv[i] })}\n${captureUsage()}`);
    }
  }
  if (result.listOnly) return result;
  if (!result.options.interface) throw new UsageError(`${say(CLI_TEXT.interface_required)}\n${captureUsage()}`);
  if (!result.file) throw new UsageError(`${say(CLI_TEXT.file_required)}\n${captureUsage()}`);
  return result;
}

function printInterfaces(): void {
  listInterfaces().forEach((iface, index) => {
    const flags = [say(iface.up ? CLI_TEXT.interface_up : CLI_TEXT.interface_down), iface.loopback ? say(CLI_TEXT.interface_loopback) : '', iface.isDefault ? say(CLI_TEXT.interface_default) : ''].filter(Boolean).join(', ');
    const addresses = iface.addresses.length ? ` ${iface.addresses.join(' ')}` : '';
    process.stdout.write(`${index + 1}. ${iface.name} (${flags})${addresses}${iface.description ? ` - ${iface.description}` : ''}\n`);
  });
}

async function startCapture(args: CaptureArguments): Promise<LiveCapture> {
  const opts = {
    filePath: args.file!,
    fileFormat: args.file!.toLowerCase().endsWith('.pcap') ? 'pcap' as const : 'pcapng' as const,
    count: args.count,
    durationSeconds: args.durationSeconds,
  };
  try {
    return await LiveCapture.start(args.options, { ...opts, backend: args.backend ?? 'cap' });
  } catch (err) {
    // Without privilege for the cap helper, dumpcap may still be allowed to capture.
    const dumpcap = findDumpcap();
    if (!args.backend && err instanceof CaptureError && err.kind === 'permission' && dumpcap && dumpcapUsable(dumpcap).ok) {
      return LiveCapture.start(args.options, { ...opts, backend: 'dumpcap' });
    }
    throw err;
  }
}

export async function runCaptureCommand(argv: string[]): Promise<number> {
  const args = parseCaptureArguments(argv);
  if (args.listOnly) {
    printInterfaces();
    return 0;
  }
  let capture: LiveCapture;
  try {
    capture = await startCapture(args);
  } catch (err) {
    if (!(err instanceof CaptureError)) throw err;
    process.stderr.write(`layerscope capture: ${err.message}\n`);
    if (err.fixCommands.length) {
      process.stderr.write(`${say(CLI_TEXT.to_allow)}\n${err.fixCommands.map((c) => `  ${c}\n`).join('')}`);
    }
    return 1;
  }
  const where = { interface: args.options.interface, filter: args.options.filter ?? '', file: capture.filePath, backend: capture.backend };
  process.stderr.write(`${say(args.options.filter ? CLI_TEXT.capturing_filtered : CLI_TEXT.capturing, where)}\n`);
  let failure: string | undefined;
  capture.on('error', (err: Error) => { failure = err.message; });
  const stopOnSignal = () => { void capture.stop(); };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const totals: CaptureTotals = await capture.whenEnded();
  process.off('SIGINT', stopOnSignal);
  process.off('SIGTERM', stopOnSignal);
  const drops = totals.dropsCounted
    ? say(CLI_TEXT.dropped, { count: totals.dropped })
    : say(CLI_TEXT.drops_unknown);
  process.stderr.write(`${say(CLI_TEXT.captured, { count: totals.received, drops })}\n`);
  if (failure) {
    process.stderr.write(`layerscope capture: ${failure}\n`);
    return 1;
  }
  return 0;
}
