// The dumpcap backend: Wireshark's dumpcap, which distributions let members of the `wireshark`
// group run with capture capabilities, so no elevation is needed. The helper runs
// `dumpcap -i IFACE [-f FILTER] -s SNAP [-p] -B MiB -w - -n -q` and reads its pcapng stream
// as it arrives; dumpcap's own timestamps and wire lengths are kept, and its Interface Statistics
// Block (written when it stops) gives the kernel's drop count.

import { spawn } from 'node:child_process';
import type { HelperRequest } from './helper-messages.js';
import { classifyCaptureError, type CaptureSource, type SourceHandlers } from './capture-source.js';
import { PcapngStream } from './pcapng-stream.js';
import { findDumpcap } from './capture-permission.js';
import { keepStderrTail } from './capture-error.js';

export function dumpcapArguments(request: HelperRequest): string[] {
  const args = ['-i', request.interface, '-w', '-', '-n', '-q'];
  if (request.filter.trim()) args.push('-f', request.filter);
  if (request.snapLength) args.push('-s', String(request.snapLength));
  if (!request.promiscuous) args.push('-p');
  if (request.bufferSize) args.push('-B', String(Math.max(1, Math.round(request.bufferSize / (1024 * 1024)))));
  return args;
}

export function startDumpcapSource(request: HelperRequest, handlers: SourceHandlers): CaptureSource | undefined {
  const dumpcap = findDumpcap();
  if (!dumpcap) {
    handlers.error('other', "Wireshark's dumpcap is not installed");
    return undefined;
  }
  const child = spawn(dumpcap, dumpcapArguments(request), { stdio: ['ignore', 'pipe', 'pipe'] });
  let opened = false;
  let failed = false;
  let stderr = '';
  const stream = new PcapngStream({
    interface(iface, id) {
      if (id === 0 && !opened) {
        opened = true;
        handlers.ready(iface.linkType);
        if (request.mode === 'probe') child.kill('SIGTERM');
      }
    },
    packet(record) {
      handlers.packet(record.seconds, record.nanos, record.data, record.data.length, record.originalLength);
    },
    statistics(_id, _received, dropped) {
      if (dropped !== undefined) handlers.drops(dropped);
    },
  });
  child.stdout.on('data', (chunk: Buffer) => stream.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => { stderr = keepStderrTail(stderr, chunk); });
  child.on('error', (err) => {
    failed = true;
    handlers.error('other', `dumpcap could not be started: ${err.message}`);
  });
  child.on('close', (code) => {
    if (failed) return;
    if (!opened) {
      handlers.error(...dumpcapReason(stderr, code));
      return;
    }
    if (stream.problem) handlers.error('other', `dumpcap's output could not be read: ${stream.problem}`);
    handlers.end();
  });
  return {
    dropsCounted: true,
    stop() {
      // dumpcap finishes its file (statistics included) on SIGTERM.
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}

/** dumpcap's explanation on stderr, without its progress and help lines; libpcap's own words for a bad filter. */
export function dumpcapReason(stderr: string, code: number | null): [ReturnType<typeof classifyCaptureError>, string] {
  const text = stderr
    .split('\n')
    .filter((line) => !/^Capturing on /.test(line) && !/^See the User's Guide/.test(line))
    .map((line) => line.replace(/^dumpcap: /, '').trim())
    .filter(Boolean)
    .join(' ');
  const reason = text || `dumpcap exited with code ${code}`;
  const kind = classifyCaptureError(reason);
  const libpcap = /\((can't parse filter expression[^)]*)\)/.exec(reason);
  return [kind, kind === 'filter' && libpcap ? libpcap[1] : reason];
}
