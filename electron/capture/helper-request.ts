// The capture helper's one argument, checked before anything is opened. The helper may run as root
// (pkexec) for a user who may not capture, so it trusts nothing in its request: every key must be
// known, every value of the right type and in range; the first fault found is named, by its key.

import { isAbsolute, normalize, basename } from 'node:path';
import type { HelperRequest } from './helper-messages.js';

/** A request the helper refuses: `field` is the key at fault (or 'request' for the whole). */
export class HelperRequestError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'HelperRequestError';
  }
}

/** Bounds of the request. The JSON itself: far more than any real request needs. */
export const REQUEST_LIMITS = {
  jsonBytes: 64 * 1024,
  /** Linux names are at most 15 bytes (IFNAMSIZ); libpcap's pseudo-devices (bluetooth-monitor) a little longer. */
  interfaceLinux: 64,
  /** Windows (Npcap) names are \Device\NPF_{GUID}. */
  interfaceOther: 256,
  filterBytes: 16 * 1024,
  pathBytes: 4096,
  snapLength: 262_144,
  bufferSize: 2 ** 31 - 1,
  count: Number.MAX_SAFE_INTEGER,
  /** setTimeout fires at once for more than 2^31-1 ms. */
  durationSeconds: Math.floor((2 ** 31 - 1) / 1000),
  batchInterval: 60_000,
  backlogBytes: 2 ** 31 - 1,
} as const;

type Check = (value: unknown, request: Record<string, unknown>) => void;

const fail = (field: string, message: string): never => {
  throw new HelperRequestError(field, message);
};

/** C0 controls and DEL; `allowed` lists the ones a value may contain (a filter's line breaks). */
function hasControl(text: string, allowed = ''): boolean {
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if ((code < 0x20 || code === 0x7f) && !allowed.includes(ch)) return true;
  }
  return false;
}

const oneOf = (field: string, values: readonly string[]): Check => (value) => {
  if (typeof value !== 'string' || !values.includes(value)) fail(field, `${field} must be one of ${values.join(', ')}`);
};

const wholeNumber = (field: string, min: number, max: number): Check => (value) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(field, `${field} must be a whole number from ${min} to ${max}`);
  }
};

function checkInterface(value: unknown): void {
  if (typeof value !== 'string' || value === '') return fail('interface', 'interface must be a non-empty name');
  const linux = process.platform === 'linux';
  const max = linux ? REQUEST_LIMITS.interfaceLinux : REQUEST_LIMITS.interfaceOther;
  if (Buffer.byteLength(value) > max) fail('interface', `interface must be at most ${max} bytes long`);
  if (hasControl(value)) fail('interface', 'interface must not contain control characters');
  // What Linux refuses in a device name (dev_valid_name): a path separator, white space, . and ..
  if (linux && (/[/\s]/.test(value) || value === '.' || value === '..')) {
    fail('interface', 'interface must not contain "/" or white space, nor be "." or ".."');
  }
}

function checkFilter(value: unknown): void {
  if (typeof value !== 'string') return fail('filter', 'filter must be text');
  if (Buffer.byteLength(value) > REQUEST_LIMITS.filterBytes) fail('filter', `filter must be at most ${REQUEST_LIMITS.filterBytes} bytes long`);
  if (hasControl(value, '\t\n\r')) fail('filter', 'filter must not contain NUL or other control characters');
}

/** A capture writes to an absolute, normalized path of a file; a probe writes nothing. */
function checkFilePath(value: unknown, request: Record<string, unknown>): void {
  if (typeof value !== 'string') return fail('filePath', 'filePath must be text');
  if (request.mode === 'probe') {
    if (value !== '') fail('filePath', 'a probe writes no file: filePath must be empty');
    return;
  }
  if (Buffer.byteLength(value) > REQUEST_LIMITS.pathBytes) fail('filePath', `filePath must be at most ${REQUEST_LIMITS.pathBytes} bytes long`);
  if (hasControl(value)) fail('filePath', 'filePath must not contain control characters');
  if (!isAbsolute(value)) fail('filePath', 'filePath must be absolute');
  const name = basename(value);
  if (normalize(value) !== value || value.endsWith('/') || name === '' || name === '.' || name === '..') {
    fail('filePath', 'filePath must name a file without "." or ".." parts or repeated "/"');
  }
}

function checkDuration(value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > REQUEST_LIMITS.durationSeconds) {
    fail('durationSeconds', `durationSeconds must be more than 0 and at most ${REQUEST_LIMITS.durationSeconds}`);
  }
}

const REQUIRED: Record<string, Check> = {
  mode: oneOf('mode', ['capture', 'probe']),
  source: oneOf('source', ['cap', 'dumpcap']),
  interface: checkInterface,
  filter: checkFilter,
  snapLength: wholeNumber('snapLength', 0, REQUEST_LIMITS.snapLength),
  promiscuous: (value) => { if (typeof value !== 'boolean') fail('promiscuous', 'promiscuous must be true or false'); },
  bufferSize: wholeNumber('bufferSize', 0, REQUEST_LIMITS.bufferSize),
  filePath: checkFilePath,
  fileFormat: oneOf('fileFormat', ['pcapng', 'pcap']),
  batchInterval: wholeNumber('batchInterval', 1, REQUEST_LIMITS.batchInterval),
};

const OPTIONAL: Record<string, Check> = {
  count: wholeNumber('count', 1, REQUEST_LIMITS.count),
  durationSeconds: checkDuration,
  backlogBytes: wholeNumber('backlogBytes', 0, REQUEST_LIMITS.backlogBytes),
};

/** The helper's arguments (argv after the script): exactly one, the request as JSON. Throws HelperRequestError. */
export function parseHelperRequest(args: readonly string[]): HelperRequest {
  if (args.length !== 1) fail('request', `the capture helper takes exactly one argument (the request as JSON), not ${args.length}`);
  const json = args[0];
  if (Buffer.byteLength(json) > REQUEST_LIMITS.jsonBytes) fail('request', `the request must be at most ${REQUEST_LIMITS.jsonBytes} bytes of JSON`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return fail('request', 'the request is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('request', 'the request must be a JSON object');
  const request = parsed as Record<string, unknown>;
  for (const key of Object.keys(request)) {
    if (!(key in REQUIRED) && !(key in OPTIONAL)) fail(key, `unknown key "${key.slice(0, 64)}" in the request`);
  }
  for (const [key, check] of Object.entries(REQUIRED)) {
    if (!(key in request)) fail(key, `${key} is missing from the request`);
    check(request[key], request);
  }
  for (const [key, check] of Object.entries(OPTIONAL)) {
    if (key in request) check(request[key], request);
  }
  return request as unknown as HelperRequest;
}
