// Checks every request that crosses the boundary (Electron IPC, browser mode's WebSocket) against
// the contract before the service sees it: the name must be known and the parameters must have the
// right shape and ranges. A bad request gets a message saying exactly what was wrong.
//
// Free of Node and Electron imports, like contract.ts, so the renderer may use it too.

import { CONVERSATION_COLUMNS, CONVERSATION_PROTOCOLS, CONVERSATION_TYPES, ENDPOINT_COLUMNS, LAB_CALL_NAMES, LAB_SCENARIO_NAMES, type EventName, type Params, type RequestName } from './contract.js';
import { LANGUAGES } from '../text/catalog.js';
import { FOLLOW_PROTOCOLS } from '../analysis/stream-protocols.js';

/** The most rows one 'rows.get' may ask for (a screenful is ~50). */
export const MAX_ROWS_PER_REQUEST = 10_000;
/** The largest capture the page may upload (bytes): 4 GiB. */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
/** One upload chunk at most (bytes); as base64 it is 4/3 as long. */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;
export const MAX_PATH_LENGTH = 4096;
export const MAX_FILTER_LENGTH = 2048;
export const MAX_SNAP_LENGTH = 262_144;
/** A packet comment's length at most (characters). */
export const MAX_COMMENT_LENGTH = 16 * 1024;
/** Comments on one packet at most. */
export const MAX_COMMENTS_PER_PACKET = 64;
/** The longest display filter (the filter engine refuses longer ones too). */
export const MAX_DISPLAY_FILTER_LENGTH = 65536;
/** A user's own colouring rules at most. */
export const MAX_COLOURING_RULES = 64;
/** The longest Find Packet query. */
export const MAX_FIND_QUERY = 1024;
/** The most text one Socket Lab send() may carry. */
export const MAX_LAB_TEXT = 4096;
/** The most packets one 'conversation.ladder' may ask for (a screenful is ~30 arrows). */
export const MAX_LADDER_PACKETS = 1000;
/** The most rows one 'conversation.list' or 'endpoint.list' answers (a screenful is ~20). */
export const MAX_TABLE_ROWS = 1000;

export class RequestValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestValidationError';
  }
}

type ParamsObject = Record<string, unknown>;
type Validator = (p: ParamsObject, request: string) => void;

const noParams: Validator = () => {};

const TABLE_WINDOW_KEYS = ['type', 'displayed', 'sort', 'descending', 'start', 'count'] as const;

function checkTableWindow(p: ParamsObject, r: string, columns: readonly string[]): void {
  requireOneOf(p, r, 'type', CONVERSATION_TYPES);
  optionalBoolean(p, r, 'displayed');
  if (p.sort !== undefined) requireOneOf(p, r, 'sort', columns);
  optionalBoolean(p, r, 'descending');
  optionalInteger(p, r, 'start', 0, Number.MAX_SAFE_INTEGER);
  optionalInteger(p, r, 'count', 0, MAX_TABLE_ROWS);
}

const validators: { [N in RequestName]: { keys: readonly string[]; check: Validator } } = {
  'interfaces.list': { keys: [], check: noParams },
  'capture.start': {
    keys: ['interface', 'filter', 'snapLength', 'promiscuous', 'bufferSize'],
    check(p, r) {
      // Windows device names look like \Device\NPF_{GUID}: only control characters are refused.
      requireString(p, r, 'interface', 256);
      if (/[\x00-\x1f\x7f]/.test(p.interface as string)) {
        fail(`${r}: "interface" must be an interface name such as "lo" or "eth0", not ${JSON.stringify(p.interface)}`);
      }
      optionalString(p, r, 'filter', MAX_FILTER_LENGTH, true);
      optionalInteger(p, r, 'snapLength', 1, MAX_SNAP_LENGTH);
      optionalBoolean(p, r, 'promiscuous');
      optionalInteger(p, r, 'bufferSize', 4096, 2 ** 31 - 1);
    },
  },
  'capture.stop': { keys: [], check: noParams },
  'file.open': { keys: ['path'], check: (p, r) => requirePath(p, r, 'path') },
  'upload.start': {
    keys: ['name', 'size'],
    check(p, r) {
      requireString(p, r, 'name', 255);
      requireInteger(p, r, 'size', 1, Number.MAX_SAFE_INTEGER);
    },
  },
  'upload.chunk': {
    keys: ['id', 'offset', 'bytes'],
    check(p, r) {
      requireUploadId(p, r);
      requireInteger(p, r, 'offset', 0, Number.MAX_SAFE_INTEGER);
      const bytes = p.bytes;
      if (!(bytes instanceof Uint8Array)) fail(`${r}: "bytes" must be the chunk's bytes, got ${describe(bytes)}`);
      if (bytes.length === 0) fail(`${r}: "bytes" is empty: a chunk has at least one byte`);
      if (bytes.length > UPLOAD_CHUNK_BYTES) fail(`${r}: the chunk is too large (${bytes.length} bytes, at most ${UPLOAD_CHUNK_BYTES})`);
    },
  },
  'upload.finish': { keys: ['id'], check: requireUploadId },
  'upload.cancel': { keys: ['id'], check: requireUploadId },
  'sample.open': { keys: [], check: noParams },
  'session.status': { keys: [], check: noParams },
  'language.set': { keys: ['language'], check: (p, r) => requireOneOf(p, r, 'language', LANGUAGES) },
  'rows.get': {
    keys: ['start', 'count'],
    check(p, r) {
      requireInteger(p, r, 'start', 0, Number.MAX_SAFE_INTEGER);
      requireInteger(p, r, 'count', 0, MAX_ROWS_PER_REQUEST);
    },
  },
  'packet.get': { keys: ['number'], check: (p, r) => requireInteger(p, r, 'number', 1, Number.MAX_SAFE_INTEGER) },
  'packet.comments': {
    keys: ['number', 'comments'],
    check(p, r) {
      requireInteger(p, r, 'number', 1, Number.MAX_SAFE_INTEGER);
      const comments = p.comments;
      if (!Array.isArray(comments) || comments.length > MAX_COMMENTS_PER_PACKET) {
        fail(`${r}: "comments" must be a list of at most ${MAX_COMMENTS_PER_PACKET} comments (none deletes them), got ${describe(comments)}`);
      }
      comments.forEach((c: unknown, i: number) => {
        if (typeof c !== 'string' || c.length > MAX_COMMENT_LENGTH) fail(`${r}: comments[${i}] must be text of at most ${MAX_COMMENT_LENGTH} characters, got ${describe(c)}`);
      });
    },
  },
  'packets.mark': {
    keys: ['numbers', 'marked'],
    check(p, r) {
      const numbers = p.numbers;
      if (!Array.isArray(numbers) || numbers.length === 0 || numbers.length > MAX_ROWS_PER_REQUEST) {
        fail(`${r}: "numbers" must be a list of 1 to ${MAX_ROWS_PER_REQUEST} packet numbers, got ${describe(numbers)}`);
      }
      numbers.forEach((n, i) => checkInteger(n, r, `numbers[${i}]`, 1, Number.MAX_SAFE_INTEGER));
      if (typeof p.marked !== 'boolean') fail(`${r}: "marked" must be true or false, got ${describe(p.marked)}`);
    },
  },
  'packets.ignore': {
    keys: ['numbers', 'ignored'],
    check(p, r) {
      const numbers = p.numbers;
      if (!Array.isArray(numbers) || numbers.length === 0 || numbers.length > MAX_ROWS_PER_REQUEST) {
        fail(`${r}: "numbers" must be a list of 1 to ${MAX_ROWS_PER_REQUEST} packet numbers, got ${describe(numbers)}`);
      }
      numbers.forEach((n, i) => checkInteger(n, r, `numbers[${i}]`, 1, Number.MAX_SAFE_INTEGER));
      if (typeof p.ignored !== 'boolean') fail(`${r}: "ignored" must be true or false, got ${describe(p.ignored)}`);
    },
  },
  'packets.find': {
    keys: ['query', 'kind', 'scope', 'caseSensitive', 'from', 'direction'],
    check(p, r) {
      requireString(p, r, 'query', MAX_FIND_QUERY);
      requireOneOf(p, r, 'kind', ['string', 'hex', 'filter']);
      requireOneOf(p, r, 'scope', ['list', 'details', 'bytes']);
      optionalBoolean(p, r, 'caseSensitive');
      requireInteger(p, r, 'from', 0, Number.MAX_SAFE_INTEGER);
      requireOneOf(p, r, 'direction', ['next', 'previous']);
    },
  },
  'filter.check': { keys: ['text'], check: (p, r) => requireDisplayFilter(p, r) },
  'filter.names': {
    keys: ['prefix'],
    check(p, r) {
      optionalString(p, r, 'prefix', 256, true);
      if (typeof p.prefix !== 'string') fail(`${r}: "prefix" is required: what the user typed of a name, or ""`);
    },
  },
  'filter.apply': { keys: ['text'], check: (p, r) => requireDisplayFilter(p, r) },
  'colouring.set': {
    keys: ['mode', 'rules'],
    check(p, r) {
      requireOneOf(p, r, 'mode', ['layers', 'rules']);
      const rules = p.rules;
      if (rules === undefined) return;
      if (!Array.isArray(rules) || rules.length > MAX_COLOURING_RULES) fail(`${r}: "rules" must be a list of at most ${MAX_COLOURING_RULES} rules, got ${describe(rules)}`);
      rules.forEach((rule, i) => {
        if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) fail(`${r}: rules[${i}] must be {name, filter, foreground, background}, got ${describe(rule)}`);
        const extra = Object.keys(rule).find((k) => !['name', 'filter', 'foreground', 'background'].includes(k));
        if (extra !== undefined) fail(`${r}: rules[${i}] has an unknown key "${extra}"`);
        requireString(rule as ParamsObject, `${r}: rules[${i}]`, 'name', 256);
        requireString(rule as ParamsObject, `${r}: rules[${i}]`, 'filter', MAX_DISPLAY_FILTER_LENGTH);
        for (const key of ['foreground', 'background']) {
          if (!/^#[0-9a-fA-F]{6}$/.test(String((rule as ParamsObject)[key]))) fail(`${r}: rules[${i}].${key} must be a colour such as "#a0c8ff", got ${describe((rule as ParamsObject)[key])}`);
        }
      });
    },
  },
  'rows.locate': { keys: ['number'], check: (p, r) => requireInteger(p, r, 'number', 1, Number.MAX_SAFE_INTEGER) },
  'capture.save': {
    keys: ['path', 'format', 'packets', 'leaveOutIgnored'],
    check(p, r) {
      requirePath(p, r, 'path');
      requireFormat(p, r);
      optionalSelection(p, r);
      optionalBoolean(p, r, 'leaveOutIgnored');
    },
  },
  'download.prepare': {
    keys: ['format', 'packets', 'leaveOutIgnored'],
    check(p, r) {
      requireFormat(p, r);
      optionalSelection(p, r);
      optionalBoolean(p, r, 'leaveOutIgnored');
    },
  },
  'dialog.open': { keys: [], check: noParams },
  'dialog.save': { keys: ['format'], check: requireFormat },
  'lab.open': {
    keys: ['scenario'],
    check(p, r) {
      requireOneOf(p, r, 'scenario', LAB_SCENARIO_NAMES);
    },
  },
  'lab.next': { keys: [], check: noParams },
  'lab.call': {
    keys: ['side', 'call'],
    check(p, r) {
      requireOneOf(p, r, 'side', ['client', 'server']);
      const call = p.call;
      if (typeof call !== 'object' || call === null || Array.isArray(call)) fail(`${r}: "call" must be an object describing one socket call, got ${describe(call)}`);
      checkLabCall(call as ParamsObject, `${r}: call`);
    },
  },
  'lab.close': { keys: [], check: noParams },
  'lab.export': { keys: ['format'], check: (p, r) => requireOneOf(p, r, 'format', ['pcapng', 'timeline']) },
  'lab.openPackets': { keys: [], check: noParams },
  'stream.follow': {
    keys: ['protocol', 'stream'],
    check(p, r) {
      requireOneOf(p, r, 'protocol', FOLLOW_PROTOCOLS);
      requireInteger(p, r, 'stream', 0, 2 ** 32 - 1);
    },
  },
  'conversation.list': { keys: TABLE_WINDOW_KEYS, check: (p, r) => checkTableWindow(p, r, CONVERSATION_COLUMNS) },
  'endpoint.list': { keys: TABLE_WINDOW_KEYS, check: (p, r) => checkTableWindow(p, r, ENDPOINT_COLUMNS) },
  'conversation.ladder': {
    keys: ['protocol', 'stream', 'from', 'count'],
    check(p, r) {
      if (p.protocol !== undefined) requireOneOf(p, r, 'protocol', CONVERSATION_PROTOCOLS);
      requireInteger(p, r, 'stream', 0, 2 ** 31 - 1);
      optionalInteger(p, r, 'from', 0, Number.MAX_SAFE_INTEGER);
      optionalInteger(p, r, 'count', 1, MAX_LADDER_PACKETS);
    },
  },
  'conversation.locate': { keys: ['number'], check: (p, r) => requireInteger(p, r, 'number', 1, Number.MAX_SAFE_INTEGER) },
  'dissections.export': {
    keys: ['packets', 'format', 'leaveOutIgnored'],
    check(p, r) {
      if (p.packets === undefined) fail(`${r}: "packets" is required: {which: "all" | "displayed" | "marked"} or {which: "range", range}`);
      optionalSelection(p, r);
      requireOneOf(p, r, 'format', ['text', 'csv', 'json']);
      optionalBoolean(p, r, 'leaveOutIgnored');
    },
  },
  'report.make': {
    keys: ['packets', 'view', 'title', 'student', 'course', 'conversation'],
    check(p, r) {
      const packets = p.packets as { which?: unknown; number?: unknown } | undefined;
      if (packets && typeof packets === 'object' && packets.which === 'selected') {
        const extra = Object.keys(packets).find((k) => k !== 'which' && k !== 'number');
        if (extra !== undefined) fail(`${r}: "packets" has an unknown key "${extra}"`);
        requireInteger(packets as ParamsObject, `${r}: packets`, 'number', 1, Number.MAX_SAFE_INTEGER);
      } else {
        if (packets === undefined) fail(`${r}: "packets" is required: {which: "selected", number} or as Export Specified Packets takes them`);
        optionalSelection(p, r);
      }
      requireOneOf(p, r, 'view', ['sender', 'receiver']);
      for (const key of ['title', 'student', 'course']) optionalString(p, r, key, 256, true);
      if (p.conversation !== undefined) {
        const c = p.conversation;
        if (typeof c !== 'object' || c === null || Array.isArray(c)) fail(`${r}: "conversation" must be {protocol: "tcp" | "udp", stream}, got ${describe(c)}`);
        const extra = Object.keys(c).find((k) => k !== 'protocol' && k !== 'stream');
        if (extra !== undefined) fail(`${r}: "conversation" has an unknown key "${extra}"`);
        requireOneOf(c as ParamsObject, `${r}: conversation`, 'protocol', CONVERSATION_PROTOCOLS);
        requireInteger(c as ParamsObject, `${r}: conversation`, 'stream', 0, 2 ** 31 - 1);
      }
    },
  },
};

const LAB_CALL_KEYS = ['call', 'socket', 'type', 'host', 'port', 'text', 'bufsize', 'backlog', 'how', 'option', 'value', 'seconds', 'flag'];

/** One Socket Lab call: a known call with arguments of the right kind, addresses on loopback only. */
function checkLabCall(c: ParamsObject, r: string): void {
  for (const key of Object.keys(c)) {
    if (!LAB_CALL_KEYS.includes(key)) fail(`${r} has an unexpected argument ${JSON.stringify(key.slice(0, 80))} (allowed: ${LAB_CALL_KEYS.join(', ')})`);
  }
  requireOneOf(c, r, 'call', LAB_CALL_NAMES);
  if (c.socket !== undefined && (typeof c.socket !== 'string' || !/^s\d{1,3}$/.test(c.socket))) fail(`${r}: "socket" must name a lab socket such as "s1", got ${describe(c.socket)}`);
  if (c.type !== undefined) requireOneOf(c, r, 'type', ['SOCK_STREAM', 'SOCK_DGRAM']);
  if (c.host !== undefined) requireOneOf(c, r, 'host', ['127.0.0.1', '::1']);
  optionalInteger(c, r, 'port', 0, 65535);
  optionalString(c, r, 'text', MAX_LAB_TEXT, true);
  optionalInteger(c, r, 'bufsize', 1, 65536);
  optionalInteger(c, r, 'backlog', 0, 128);
  if (c.how !== undefined) requireOneOf(c, r, 'how', ['SHUT_RD', 'SHUT_WR', 'SHUT_RDWR']);
  if (c.option !== undefined) requireOneOf(c, r, 'option', ['SO_REUSEADDR', 'SO_LINGER']);
  optionalInteger(c, r, 'value', 0, 600);
  if (c.seconds !== undefined && c.seconds !== null && (typeof c.seconds !== 'number' || !(c.seconds >= 0 && c.seconds <= 600))) {
    fail(`${r}: "seconds" must be null or a number of seconds from 0 to 600, got ${describe(c.seconds)}`);
  }
  optionalBoolean(c, r, 'flag');
}

function requireOneOf(p: ParamsObject, r: string, key: string, allowed: readonly string[]): void {
  const v = p[key];
  if (typeof v !== 'string' || !allowed.includes(v)) fail(`${r}: "${key}" must be one of ${allowed.join(', ')}, got ${v === undefined ? 'nothing' : describe(v)}`);
}

const EVENT_NAMES: readonly EventName[] = ['packets.added', 'display.changed', 'session.status', 'open.progress', 'lab.changed'];

export const REQUEST_NAMES = Object.keys(validators) as RequestName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(validators, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/**
 * Returns the request's name and parameters when they match the contract; throws
 * RequestValidationError saying what was wrong otherwise. Missing params count as {}.
 */
export function validateRequest(name: unknown, params: unknown): { name: RequestName; params: Params<RequestName> } {
  if (!isRequestName(name)) {
    fail(`Unknown request ${typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : describe(name)}; known requests: ${REQUEST_NAMES.join(', ')}`);
  }
  const p = params === undefined || params === null ? {} : params;
  if (typeof p !== 'object' || Array.isArray(p)) fail(`${name}: parameters must be an object, got ${describe(p)}`);
  const spec = validators[name];
  for (const key of Object.keys(p)) {
    if (!spec.keys.includes(key)) {
      fail(`${name}: unexpected parameter ${JSON.stringify(key.slice(0, 80))}${spec.keys.length ? ` (allowed: ${spec.keys.join(', ')})` : ' (it takes none)'}`);
    }
  }
  spec.check(p as ParamsObject, name);
  return { name, params: p as Params<RequestName> };
}

function fail(message: string): never {
  throw new RequestValidationError(message);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function requireString(p: ParamsObject, r: string, key: string, maxLength: number): void {
  const v = p[key];
  if (typeof v !== 'string') fail(`${r}: "${key}" is required and must be a string, got ${v === undefined ? 'nothing' : describe(v)}`);
  if (v.length === 0) fail(`${r}: "${key}" must not be empty`);
  if (v.length > maxLength) fail(`${r}: "${key}" is too long (${v.length} characters, at most ${maxLength})`);
}

/** Export Specified Packets' choice: all, displayed, marked, or a range of at most 10,000 characters. */
function optionalSelection(p: ParamsObject, r: string): void {
  const v = p.packets;
  if (v === undefined) return;
  const which = (v as { which?: unknown })?.which;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !['all', 'displayed', 'marked', 'range'].includes(which as string)) {
    fail(`${r}: "packets" must be {which: "all" | "displayed" | "marked"} or {which: "range", range: "1-10,15"}, got ${describe(v)}`);
  }
  const keys = Object.keys(v);
  const allowed = which === 'range' ? ['which', 'range'] : ['which'];
  const extra = keys.find((k) => !allowed.includes(k));
  if (extra !== undefined) fail(`${r}: "packets" has an unknown key "${extra}"`);
  if (which === 'range') requireString(v as ParamsObject, `${r}: packets`, 'range', 10_000);
}

/** A display filter's text: any string up to the engine's limit ('' clears the filter). */
function requireDisplayFilter(p: ParamsObject, r: string): void {
  optionalString(p, r, 'text', MAX_DISPLAY_FILTER_LENGTH, true);
  if (typeof p.text !== 'string') fail(`${r}: "text" is required: the display filter, or "" for none`);
}

function optionalString(p: ParamsObject, r: string, key: string, maxLength: number, mayBeEmpty: boolean): void {
  const v = p[key];
  if (v === undefined) return;
  if (typeof v !== 'string') fail(`${r}: "${key}" must be a string, got ${describe(v)}`);
  if (!mayBeEmpty && v.length === 0) fail(`${r}: "${key}" must not be empty`);
  if (v.length > maxLength) fail(`${r}: "${key}" is too long (${v.length} characters, at most ${maxLength})`);
}

function requirePath(p: ParamsObject, r: string, key: string): void {
  requireString(p, r, key, MAX_PATH_LENGTH);
  if ((p[key] as string).includes('\0')) fail(`${r}: "${key}" must not contain a NUL character`);
}

function requireUploadId(p: ParamsObject, r: string): void {
  const v = p.id;
  if (typeof v !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(v)) fail(`${r}: "id" must be the id upload.start gave, got ${v === undefined ? 'nothing' : describe(v)}`);
}

function requireFormat(p: ParamsObject, r: string): void {
  const v = p.format;
  if (v !== 'pcapng' && v !== 'pcap') fail(`${r}: "format" must be "pcapng" or "pcap", got ${v === undefined ? 'nothing' : describe(v)}`);
}

function checkInteger(v: unknown, r: string, key: string, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(`${r}: "${key}" must be a whole number, got ${v === undefined ? 'nothing' : describe(v)}`);
  if (v < min || v > max) fail(`${r}: "${key}" must be between ${min} and ${max}, got ${v}`);
}

function requireInteger(p: ParamsObject, r: string, key: string, min: number, max: number): void {
  checkInteger(p[key], r, key, min, max);
}

function optionalInteger(p: ParamsObject, r: string, key: string, min: number, max: number): void {
  if (p[key] !== undefined) checkInteger(p[key], r, key, min, max);
}

function optionalBoolean(p: ParamsObject, r: string, key: string): void {
  const v = p[key];
  if (v !== undefined && typeof v !== 'boolean') fail(`${r}: "${key}" must be true or false, got ${describe(v)}`);
}
