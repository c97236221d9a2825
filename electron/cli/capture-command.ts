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

export const CAPTURE_USAGE = `layerscope capture -i IFACE [-f FILTER] [-c COUNT] [-a duration:SEC] [-s SNAPLEN] [-p] -w FILE
  -i IFACE          interface to capture on (lo, eth0, any); 'layerscope capture -D' lists them
  -f FILTER         BPF capture filter, e.g. "tcp port 80"
  -c COUNT          stop after COUNT packets
  -a duration:SEC   stop after SEC seconds
  -s SNAPLEN        keep at most SNAPLEN bytes of each packet
  -p                do not put the interface in promiscuous mode (dumpcap backend only)
  -B MIB            kernel buffer size in MiB (default 4)
  -w FILE           write to FILE: pcapng, or classic pcap if FILE ends in .pcap
  --backend cap|dumpcap   force a backend (default: cap, else dumpcap when cap may not capture)
`;

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
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
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
        if (!match || Number(match[1]) <= 0) throw new UsageError(`-a takes duration:SECONDS, e.g. -a duration:10, not '${value}'`);
        result.durationSeconds = Number(match[1]);
        break;
      }
      case '--backend':
        if (value !== 'cap' && value !== 'dumpcap') throw new UsageError(`--backend is cap or dumpcap, not '${value}'`);
        result.backend = value;
        break;
      default:
        throw new UsageError(`unknown option '${argv[i]}'\n${CAPTURE_USAGE}`);
    }
  }
  if (result.listOnly) return result;
  if (!result.options.interface) throw new UsageError(`-i IFACE is required ('layerscope capture -D' lists interfaces)\n${CAPTURE_USAGE}`);
  if (!result.file) throw new UsageError(`-w FILE is required: where to write the capture\n${CAPTURE_USAGE}`);
  return result;
}

function printInterfaces(): void {
  listInterfaces().forEach((iface, index) => {
    const flags = [iface.up ? 'up' : 'down', iface.loopback ? 'loopback' : '', iface.isDefault ? 'default' : ''].filter(Boolean).join(', ');
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
      process.stderr.write(`To allow capturing, run:\n${err.fixCommands.map((c) => `  ${c}\n`).join('')}`);
    }
    return 1;
  }
  process.stderr.write(`Capturing on '${args.options.interface}'${args.options.filter ? ` with filter "${args.options.filter}"` : ''} to ${capture.filePath} (${capture.backend} backend)\n`);
  let failure: string | undefined;
  capture.on('error', (err: Error) => { failure = err.message; });
  const stopOnSignal = () => { void capture.stop(); };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const totals: CaptureTotals = await capture.whenEnded();
  process.off('SIGINT', stopOnSignal);
  process.off('SIGTERM', stopOnSignal);
  const drops = totals.dropsCounted
    ? `${totals.dropped} dropped by kernel`
    : "kernel drops unknown: the cap backend cannot read the kernel's drop counter";
  process.stderr.write(`${totals.received} ${totals.received === 1 ? 'packet' : 'packets'} captured (${drops})\n`);
  if (failure) {
    process.stderr.write(`layerscope capture: ${failure}\n`);
    return 1;
  }
  return 0;
}
