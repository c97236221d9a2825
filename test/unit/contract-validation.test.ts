// Every request crossing into the service (Electron IPC, browser mode's WebSocket) is checked
// against the contract first; these are the requests a broken or hostile page might send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  REQUEST_NAMES,
  isEventName,
  isRequestName,
  validateRequest,
  RequestValidationError,
} from '../../electron/service/contract-validation.js';

test('well-formed requests of every kind pass unchanged', () => {
  const good: [string, unknown][] = [
    ['interfaces.list', {}],
    ['capture.start', { interface: 'lo' }],
    ['capture.start', { interface: '\\Device\\NPF_{5E3C1A2B-0000-4000-8000-000000000001}' }],
    ['capture.start', { interface: 'eth0', filter: 'tcp port 80', snapLength: 65535, promiscuous: false, bufferSize: 4 << 20 }],
    ['capture.stop', {}],
    ['file.open', { path: '/home/student/http.pcapng' }],
    ['upload.start', { name: 'x.pcap', size: 1000 }],
    ['upload.chunk', { id: 'aBcD1234efGH5678', offset: 0, bytes: new Uint8Array(3) }],
    ['upload.finish', { id: 'aBcD1234efGH5678' }],
    ['upload.cancel', { id: 'aBcD1234efGH5678' }],
    ['sample.open', {}],
    ['session.status', undefined],
    ['rows.get', { start: 0, count: 50 }],
    ['packet.get', { number: 1 }],
    ['packet.comments', { number: 3, comments: ['the DNS query', 'a second note'] }],
    ['packets.mark', { numbers: [1, 2, 3], marked: true }],
    ['packets.ignore', { numbers: [4], ignored: true }],
    ['capture.save', { path: '/tmp/x.pcapng', format: 'pcapng', leaveOutIgnored: true }],
    ['packets.find', { query: 'GET', kind: 'string', scope: 'bytes', caseSensitive: true, from: 3, direction: 'next' }],
    ['filter.check', { text: 'tcp.port == 80' }],
    ['filter.names', { prefix: 'tcp.fl' }],
    ['filter.names', { prefix: '' }],
    ['filter.apply', { text: 'http.request && ip.addr == 10.0.0.0/8' }],
    ['filter.apply', { text: '' }],
    ['rows.locate', { number: 7 }],
    ['colouring.set', { mode: 'layers' }],
    ['colouring.set', { mode: 'rules', rules: [{ name: 'mine', filter: 'dns', foreground: '#000000', background: '#ffc0c0' }] }],
    ['capture.save', { path: '/tmp/out.pcap', format: 'pcap' }],
    ['capture.save', { path: '/tmp/out.pcapng', format: 'pcapng', packets: { which: 'displayed' } }],
    ['download.prepare', { format: 'pcap' }],
    ['download.prepare', { format: 'pcapng', packets: { which: 'range', range: '1-10,15,20-' } }],
    ['dialog.open', {}],
    ['dialog.save', { format: 'pcapng' }],
    ['lab.open', { scenario: 'tcp' }],
    ['lab.next', {}],
    ['lab.call', { side: 'server', call: { call: 'bind', socket: 's1', host: '127.0.0.1', port: 5000 } }],
    ['lab.call', { side: 'client', call: { call: 'settimeout', socket: 's1', seconds: null } }],
    ['lab.close', {}],
    ['lab.export', { format: 'timeline' }],
    ['lab.openPackets', {}],
    ['stream.follow', { protocol: 'tcp', stream: 0 }],
    ['language.set', { language: 'ru' }],
    ['language.set', { language: 'en' }],
    ['dissections.export', { packets: { which: 'marked' }, format: 'csv' }],
    ['report.make', { packets: { which: 'selected', number: 5 }, view: 'sender', student: 'Ada' }],
    ['report.make', { packets: { which: 'range', range: '1-4' }, view: 'receiver', title: '', course: '' }],
    ['report.make', { packets: { which: 'all' }, view: 'receiver', conversation: { protocol: 'tcp', stream: 0 } }],
    ['conversation.list', { type: 'tcp' }],
    ['conversation.list', { type: 'eth', sort: 'bytes', descending: true, start: 200, count: 1000 }],
    ['endpoint.list', { type: 'ipv6', sort: 'port', start: 0, count: 0 }],
    ['conversation.ladder', { stream: 0 }],
    ['conversation.ladder', { protocol: 'udp', stream: 12, from: 200, count: 1000 }],
    ['conversation.locate', { number: 5 }],
  ];
  for (const [name, params] of good) {
    const v = validateRequest(name, params);
    assert.equal(v.name, name);
    assert.deepEqual(v.params, params ?? {});
  }
  assert.deepEqual(
    [...new Set(good.map(([n]) => n))].sort(),
    [...REQUEST_NAMES].sort(),
    'every request of the contract is covered',
  );
});

test('malformed requests are refused with a message naming the request, the parameter and the problem', () => {
  const bad: [string | unknown, unknown, RegExp][] = [
    ['shell.exec', {}, /Unknown request "shell\.exec"; known requests: interfaces\.list/],
    [42, {}, /Unknown request the number 42/],
    ['__proto__', {}, /Unknown request "__proto__"/],
    ['rows.get', [], /rows\.get: parameters must be an object, got an array/],
    ['filter.apply', {}, /filter\.apply: "text" is required/],
    ['download.prepare', { format: 'pcap', packets: { which: 'everything' } }, /download\.prepare: "packets" must be \{which: "all"/],
    ['download.prepare', { format: 'pcap', packets: { which: 'range' } }, /download\.prepare: packets: "range" is required/],
    ['capture.save', { path: '/tmp/x', format: 'pcap', packets: { which: 'marked', range: '1' } }, /"packets" has an unknown key "range"/],
    ['filter.apply', { text: 'x'.repeat(70_000) }, /filter\.apply: "text" is too long/],
    ['filter.check', { text: 42 }, /filter\.check: "text" must be a string/],
    ['filter.names', { prefix: 'x'.repeat(300) }, /filter\.names: "prefix" is too long/],
    ['rows.locate', { number: 0 }, /rows\.locate: "number"/],
    ['report.make', { view: 'sender' }, /report\.make: "packets" is required/],
    ['dissections.export', { packets: { which: 'all' }, format: 'xml' }, /dissections\.export: "format"/],
    ['report.make', { packets: { which: 'selected' }, view: 'sender' }, /report\.make: packets: "number" must be a whole number, got nothing/],
    ['report.make', { packets: { which: 'all' }, view: 'upside-down' }, /report\.make: "view"/],
    ['report.make', { packets: { which: 'all' }, view: 'sender', conversation: 0 }, /report\.make: "conversation" must be \{protocol/],
    ['report.make', { packets: { which: 'all' }, view: 'sender', conversation: { protocol: 'sctp', stream: 0 } }, /report\.make: conversation: "protocol" must be one of tcp, udp/],
    ['report.make', { packets: { which: 'all' }, view: 'sender', conversation: { protocol: 'tcp', stream: -1 } }, /report\.make: conversation: "stream"/],
    ['report.make', { packets: { which: 'all' }, view: 'sender', conversation: { protocol: 'tcp', stream: 0, path: '/etc' } }, /report\.make: "conversation" has an unknown key "path"/],
    ['language.set', { language: 'de' }, /language\.set: "language" must be one of en, pl, sv, ru/],
    ['language.set', { language: 'pl_PL.UTF-8' }, /language\.set: "language" must be one of en, pl, sv, ru/],
    ['language.set', {}, /language\.set: "language"/],
    ['colouring.set', { mode: 'rainbow' }, /colouring\.set: "mode"/],
    ['colouring.set', { mode: 'rules', rules: [{ name: 'x', filter: 'dns', foreground: 'red', background: '#ffffff' }] }, /rules\[0\]\.foreground must be a colour/],
    ['colouring.set', { mode: 'rules', rules: Array.from({ length: 65 }, () => ({ name: 'x', filter: 'dns', foreground: '#000000', background: '#ffffff' })) }, /at most 64 rules/],
    ['rows.get', { start: 0 }, /rows\.get: "count" must be a whole number, got nothing/],
    ['rows.get', { start: -1, count: 5 }, /"start" must be between 0 and/],
    ['rows.get', { start: 0, count: 10_001 }, /"count" must be between 0 and 10000, got 10001/],
    ['rows.get', { start: 0.5, count: 5 }, /"start" must be a whole number, got the number 0\.5/],
    ['rows.get', { start: '0', count: 5 }, /"start" must be a whole number, got the string "0"/],
    ['rows.get', { start: 0, count: 5, evil: true }, /rows\.get: unexpected parameter "evil" \(allowed: start, count\)/],
    ['packet.get', { number: 0 }, /packet\.get: "number" must be between 1 and/],
    ['packet.get', { number: NaN }, /"number" must be a whole number/],
    ['file.open', {}, /file\.open: "path" is required and must be a string, got nothing/],
    ['file.open', { path: '' }, /"path" must not be empty/],
    ['file.open', { path: 'a\0b' }, /must not contain a NUL/],
    ['file.open', { path: 'x'.repeat(5000) }, /"path" is too long \(5000 characters, at most 4096\)/],
    ['capture.save', { path: '/tmp/x', format: 'zip' }, /"format" must be "pcapng" or "pcap", got the string "zip"/],
    ['packet.comments', { number: 3 }, /"comments" must be a list of at most 64 comments/],
    ['packet.comments', { number: 3, comments: 'one' }, /"comments" must be a list/],
    ['packet.comments', { number: 3, comments: ['ok', 'x'.repeat(20_000)] }, /comments\[1\] must be text of at most 16384 characters/],
    ['packets.mark', { numbers: [], marked: true }, /"numbers" must be a list of 1 to 10000 packet numbers/],
    ['packets.mark', { numbers: [1, 0], marked: true }, /"numbers\[1\]" must be between 1 and/],
    ['lab.open', { scenario: 'handshake' }, /lab\.open: "scenario" must be one of tcp, reuse, refused, reset, udp, timeout/],
    ['lab.call', { side: 'both', call: { call: 'socket' } }, /lab\.call: "side" must be one of client, server/],
    ['lab.call', { side: 'client', call: { call: 'system', socket: 's1' } }, /lab\.call: call: "call" must be one of socket, setsockopt/],
    ['lab.call', { side: 'client', call: { call: 'connect', socket: 's1', host: '192.0.2.1', port: 80 } }, /"host" must be one of 127\.0\.0\.1, ::1/],
    ['lab.call', { side: 'client', call: { call: 'send', socket: 's1', text: 'x'.repeat(5000) } }, /"text" is too long \(5000 characters, at most 4096\)/],
    ['lab.call', { side: 'client', call: { call: 'close', socket: '../s1' } }, /"socket" must name a lab socket such as "s1"/],
    ['lab.call', { side: 'client', call: { call: 'close', socket: 's1', shell: 'rm -rf /' } }, /unexpected argument "shell"/],
    ['capture.save', { format: 'pcap' }, /"path" is required/],
    ['capture.start', {}, /capture\.start: "interface" is required/],
    ['capture.start', { interface: 'eth0\n' }, /must be an interface name such as "lo" or "eth0", not "eth0\\n"/],
    ['capture.start', { interface: 'x'.repeat(300) }, /"interface" is too long/],
    ['capture.start', { interface: 'lo', filter: 5 }, /"filter" must be a string, got the number 5/],
    ['capture.start', { interface: 'lo', snapLength: 0 }, /"snapLength" must be between 1 and 262144/],
    ['capture.start', { interface: 'lo', promiscuous: 'yes' }, /"promiscuous" must be true or false/],
    ['session.status', { anything: 1 }, /unexpected parameter "anything" \(it takes none\)/],
    ['upload.chunk', { id: 'aBcD1234efGH5678', offset: 0, bytes: 'AAAA' }, /"bytes" must be the chunk's bytes, got the string "AAAA"/],
    ['upload.chunk', { id: 'aBcD1234efGH5678', offset: 0, bytes: new Uint8Array(0) }, /"bytes" is empty/],
    ['upload.chunk', { id: 'aBcD1234efGH5678', offset: 0, bytes: new Uint8Array(5 * 1024 * 1024) }, /the chunk is too large \(5242880 bytes/],
    ['upload.chunk', { id: '../etc', offset: 0, bytes: new Uint8Array(3) }, /"id" must be the id upload\.start gave/],
    ['upload.start', { name: 'a.pcap', size: 0 }, /"size" must be between 1 and/],
    ['dialog.save', {}, /dialog\.save: "format" must be "pcapng" or "pcap", got nothing/],
    ['conversation.list', {}, /conversation\.list: "type" must be one of eth, ip, ipv6, tcp, udp, got nothing/],
    ['conversation.list', { type: 'sctp' }, /conversation\.list: "type" must be one of eth, ip, ipv6, tcp, udp, got the string "sctp"/],
    ['conversation.list', { type: 'ip', sort: 'address' }, /conversation\.list: "sort" must be one of stream, a, b, frames/],
    ['endpoint.list', { type: 'ip', count: 1001 }, /endpoint\.list: "count" must be between 0 and 1000, got 1001/],
    ['endpoint.list', { type: 'ip', descending: 'yes' }, /endpoint\.list: "descending" must be true or false/],
    ['conversation.ladder', {}, /conversation\.ladder: "stream" must be a whole number, got nothing/],
    ['conversation.ladder', { stream: -1 }, /conversation\.ladder: "stream" must be between 0 and 2147483647, got -1/],
    ['conversation.ladder', { stream: '0' }, /"stream" must be a whole number, got the string "0"/],
    ['conversation.ladder', { stream: 0, protocol: 'icmp' }, /"protocol" must be one of tcp, udp/],
    ['conversation.ladder', { stream: 0, from: -5 }, /"from" must be between 0 and/],
    ['conversation.ladder', { stream: 0, count: 0 }, /"count" must be between 1 and 1000, got 0/],
    ['conversation.ladder', { stream: 0, count: 1001 }, /"count" must be between 1 and 1000, got 1001/],
    ['conversation.ladder', { stream: 0, path: '/etc/passwd' }, /conversation\.ladder: unexpected parameter "path" \(allowed: protocol, stream, from, count\)/],
    ['conversation.locate', { number: 0 }, /conversation\.locate: "number" must be between 1 and/],
  ];
  for (const [name, params, message] of bad) {
    assert.throws(
      () => validateRequest(name, params),
      (err: unknown) => err instanceof RequestValidationError && message.test(err.message),
      `${String(name)} ${JSON.stringify(params)?.slice(0, 60)} should be refused with ${message}`,
    );
  }
});

test('request and event names are recognised exactly, inherited object keys included', () => {
  assert.equal(isRequestName('rows.get'), true);
  assert.equal(isRequestName('toString'), false);
  assert.equal(isRequestName('constructor'), false);
  assert.equal(isEventName('packets.added'), true);
  assert.equal(isEventName('session.status'), true);
  assert.equal(isEventName('open.progress'), true);
  assert.equal(isEventName('ipc.anything'), false);
});
