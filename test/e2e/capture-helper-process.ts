// Runs Layerscope's capture helper directly, as LiveCapture and the launcher do, and collects what
// it says: for tests of what the helper refuses (it may run as root, so it trusts nothing).
import { spawn } from 'node:child_process';
import { helperCommand } from '../../electron/capture/helper-command.js';
import { FrameReader, MSG_ERROR, MSG_READY, parseJson, type Frame, type HelperError, type HelperRequest } from '../../electron/capture/helper-messages.js';

export interface HelperRun {
  code: number | null;
  frames: Frame[];
  stderr: string;
  /** The helper's ERROR message, if it sent one. */
  error?: HelperError;
  ready: boolean;
}

/** A capture request on lo for UDP to `port` (a port of the test's own), into `filePath`. */
export function captureRequest(filePath: string, port: number, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const request: HelperRequest = {
    mode: 'capture', source: 'cap', interface: 'lo', filter: `udp port ${port}`, snapLength: 65535, promiscuous: true,
    bufferSize: 1 << 20, filePath, fileFormat: 'pcapng', batchInterval: 75,
  };
  return { ...request, ...changes };
}

/**
 * Starts `argv` (the helper's own arguments; by default the helper itself, or `program` instead,
 * e.g. the launcher) and resolves when it exits. A helper that starts capturing is stopped at once
 * (its stdin closed), as LiveCapture stops it.
 */
export function runHelper(args: string[], options: { env?: NodeJS.ProcessEnv; program?: string[] } = {}): Promise<HelperRun> {
  const command = helperCommand();
  const [file, ...rest] = options.program ?? [command.command, ...command.args];
  const child = spawn(file, [...rest, ...args], { env: options.env ?? { ...process.env, ...command.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const reader = new FrameReader();
  const frames: Frame[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  child.stdout.on('data', (chunk: Buffer) => {
    for (const frame of reader.push(chunk)) {
      frames.push(frame);
      if (frame.type === MSG_READY) child.stdin.end();
    }
  });
  child.stdin.on('error', () => { /* the helper exited before reading */ });
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(killer);
      const error = frames.find((f) => f.type === MSG_ERROR);
      resolve({ code, frames, stderr, error: error && parseJson<HelperError>(error.payload), ready: frames.some((f) => f.type === MSG_READY) });
    });
  });
}
