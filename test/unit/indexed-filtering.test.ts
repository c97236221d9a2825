// A display filter applied in the app is answered from what the packet list's pass indexed (each
// packet's layers and noted fields, its TCP/UDP ports, stream and flags, its addresses, its
// length) wherever that is certain, and the packet is read back and decoded only where it is not.
// The packets shown are exactly those a full decoding of every packet lets through, on every
// capture the tests have: tunnels, ICMP errors quoting headers, fragments, truncated and
// malformed segments included. `list -Y` tests each packet on what the list's own decoding
// learnt in the same way, with the same result.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import { CaptureSession } from '../../electron/service/capture-session.js';
import { compileDisplayFilter } from '../../electron/filter/display-filter.js';
import type { DisplayStatus } from '../../electron/service/contract.js';
import { FilterPass } from '../../electron/filter/filter-pass.js';
import { DissectState } from '../../electron/dissect/dissect-state.js';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { walkPackets } from '../../electron/dissect/capture-packets.js';

const PACKETS = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
const CAPTURES = [...readdirSync(PACKETS).filter((f) => f.endsWith('.pcap')).sort().map((f) => join(PACKETS, f)), SAMPLE];

/** Filters on everything the index answers, alone and mixed with what it does not. */
const FILTERS = [
  'tcp', 'udp', 'ip', 'ipv6', 'icmp', 'eth', 'vlan', 'data', 'frame', 'dns', 'arp',
  'tcp.port == 80', 'tcp.srcport >= 1024', 'tcp.dstport in {80, 443, 8080}', 'udp.port == 53', 'udp.dstport > 1000',
  'tcp.stream == 1', 'udp.stream == 0', 'tcp.stream', 'udp.srcport',
  'ip.addr == 192.0.2.0/24', 'ip.src < 128.0.0.0', 'ip.dst == 10.0.0.0/8', 'ip.addr != 127.0.0.1', 'ip.addr ~= 127.0.0.1',
  'ipv6.addr == fe80::/10', 'ipv6.src == ::1', 'ipv6.dst', 'count(ip.addr) == 2', 'ip.src == ip.dst',
  'tcp.flags.syn == 1 && tcp.flags.ack == 0', 'tcp.flags.fin == 1 || tcp.flags.reset == 1', 'tcp.flags.push', 'tcp.flags.cwr == 0', '!tcp.flags.ack',
  'frame.len > 1000', 'frame.number <= 5', 'frame.len < 100 && udp',
  'tcp.port == 80 && http', 'http.request', 'http.response', '!http.request && http', 'tcp.len > 0 && tcp.flags.push == 1', 'ip.ttl < 64 || ipv6',
  'tcp contains "GET"', 'ip.src[0] == c0',
];

async function opened(path: string) {
  const service = new LayerscopeService();
  await service.request('file.open', { path });
  await service.whenLoaded();
  return service;
}

/** Every packet of the capture decoded in full and tested, in order: what the list must show. */
function decodedMatches(session: CaptureSession, text: string): number[] {
  const filter = compileDisplayFilter(text);
  const numbers: number[] = [];
  for (let n = 1; n <= session.index.size; n++) {
    const { packet, bytes } = session.decoded(n, false);
    if (filter.matches(packet, bytes)) numbers.push(n);
  }
  return numbers;
}

async function shown(service: LayerscopeService): Promise<number[]> {
  const numbers: number[] = [];
  for (;;) {
    const page = (await service.handle('rows.get', { start: numbers.length, count: 1000 })) as { total: number; rows: { number: number }[] };
    numbers.push(...page.rows.map((r) => r.number));
    if (page.rows.length === 0 || numbers.length >= page.total) return numbers;
  }
}

/** The session the service has open (the contract gives rows, not sessions). */
function sessionOf(service: LayerscopeService): CaptureSession {
  const session = (service as unknown as { session?: CaptureSession }).session;
  assert.ok(session instanceof CaptureSession);
  return session;
}

test('on every test capture, each filter shows exactly the packets a full decoding of each lets through', async () => {
  for (const path of CAPTURES) {
    const service = await opened(path);
    try {
      const session = sessionOf(service);
      for (const text of FILTERS) {
        const status = (await service.handle('filter.apply', { text })) as DisplayStatus;
        assert.equal(status.done, true);
        assert.deepEqual(await shown(service), decodedMatches(session, text), `${path}: ${text}`);
      }
    } finally {
      await service.close();
    }
  }
});

test('filters on protocols, ports, addresses, flags, lengths and HTTP requests or responses read no packet back from the file', async () => {
  const service = await opened(join(PACKETS, 'application-http.pcap'));
  try {
    const session = sessionOf(service);
    let readBack = 0;
    const decoded = session.decoded.bind(session);
    session.decoded = (...args) => {
      readBack++;
      return decoded(...args);
    };
    for (const text of ['tcp.port == 80 && frame.len > 200', 'ip.src == 192.0.2.10 and tcp.flags.push == 1', 'tcp.stream == 2 || dns', 'not tcp.stream == 0', 'http.request', 'http.response && tcp.srcport == 80']) {
      const status = (await service.handle('filter.apply', { text })) as DisplayStatus;
      assert.ok(status.displayed > 0 && status.displayed < status.total, `${text}: ${status.displayed} of ${status.total}`);
      assert.equal(readBack, 0, `${text} read ${readBack} packets back`);
    }
    // A field the index does not keep: only the packets with an HTTP layer are decoded.
    const status = (await service.handle('filter.apply', { text: 'http.request.method == "GET"' })) as DisplayStatus;
    const withHttp = Array.from({ length: session.index.size }, (_, i) => session.index.layers(i + 1)).filter((l) => l.includes('http')).length;
    assert.ok(status.displayed > 0);
    assert.equal(readBack, withHttp);
  } finally {
    await service.close();
  }
});

/** The packets `list -Y text` prints: the command line's pass over the file, in order. */
function listed(path: string, text: string): number[] {
  const reader = openCaptureFile(path);
  try {
    const packets = walkPackets(reader);
    const pass = new FilterPass(compileDisplayFilter(text), new DissectState(false));
    const numbers: number[] = [];
    for (let input = packets.next(); input; input = packets.next()) if (pass.next(input)) numbers.push(input.number);
    return numbers;
  } finally {
    reader.close();
  }
}

test('list -Y, testing on the facts of its own listing first, prints exactly the packets a full decoding lets through', async () => {
  for (const path of CAPTURES) {
    const service = await opened(path);
    try {
      const session = sessionOf(service);
      for (const text of FILTERS) assert.deepEqual(listed(path, text), decodedMatches(session, text), `${path}: ${text}`);
    } finally {
      await service.close();
    }
  }
});
