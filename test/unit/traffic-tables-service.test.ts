// The Conversations and Endpoints tables as the contract answers them: for each of the five types
// (Ethernet, IPv4, IPv6, TCP, UDP) the rows hold the numbers `layerscope conversations` and
// `layerscope endpoints` print (the command line's tables are tshark's: see test/oracle), on
// captures with tunnels and IP fragments; windows of a sorted order page through large tables;
// a type outside the five is refused on arrival; "Limit to display filter" counts only the packets
// the display filter shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';
import { ConversationTable } from '../../electron/analysis/conversations.js';
import { EndpointTable } from '../../electron/analysis/endpoints.js';
import { ADDRESS_TYPES } from '../../electron/analysis/endpoint-pairs.js';
import type { ConversationRow, EndpointRow } from '../../electron/service/contract.js';
import { decodeFile } from '../oracle/pdml-oracle.js';
import { compileDisplayFilter } from '../../electron/filter/display-filter.js';

const packets = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));
const CAPTURES = [
  fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url)),
  ...['vxlan-geneve.pcap', 'ip-in-ip.pcap', 'ipv4-fragments.pcap', 'ipv6-fragments.pcap', 'ipv6-icmpv6.pcap', 'vlan.pcap', 'application-dns.pcap'].map((f) => join(packets, f)),
];

async function opened(path: string): Promise<LayerscopeService> {
  const service = new LayerscopeService();
  await service.request('file.open', { path });
  await service.whenLoaded();
  return service;
}

/** A conversation as the command line counts it, in a form both sides share (stream aside). */
function conversationLine(c: { a: string; b: string; framesAtoB: number; bytesAtoB: number; framesBtoA: number; bytesBtoA: number; start: number; duration: number }): string {
  return `${c.a} <-> ${c.b} ${c.framesAtoB}/${c.bytesAtoB} ${c.framesBtoA}/${c.bytesBtoA} ${c.start.toFixed(9)} ${c.duration.toFixed(9)}`;
}

function endpointLine(e: { address: string; port?: string; txPackets: number; txBytes: number; rxPackets: number; rxBytes: number }): string {
  return `${e.address} ${e.port ?? '-'} tx ${e.txPackets}/${e.txBytes} rx ${e.rxPackets}/${e.rxBytes}`;
}

test("each type's conversation and endpoint rows equal the command line's tables", async () => {
  let compared = 0;
  for (const capture of CAPTURES) {
    const decoded = decodeFile(capture);
    const service = await opened(capture);
    try {
      for (const type of ADDRESS_TYPES) {
        const conversations = new ConversationTable(type);
        const endpoints = new EndpointTable(type);
        for (const { packet } of decoded) {
          conversations.add(packet);
          endpoints.add(packet);
        }
        const convs = await service.handle('conversation.list', { type, count: 1000 }) as { rows: ConversationRow[]; total: number };
        const expected = conversations.rows().map((c) => conversationLine({ ...c, duration: c.end - c.start }));
        // TCP and UDP rows come in stream order, the others in tshark's: compare them as sets.
        assert.deepEqual(convs.rows.map(conversationLine).sort(), [...expected].sort(), `${capture} conv,${type}`);
        assert.equal(convs.total, expected.length);
        assert.ok(convs.rows.every((r) => r.type === type && (type === 'tcp' || type === 'udp' || r.stream === undefined)));
        const ends = await service.handle('endpoint.list', { type, count: 1000 }) as { rows: EndpointRow[]; total: number };
        assert.deepEqual(ends.rows.map(endpointLine), endpoints.rows().map(endpointLine), `${capture} endpoints,${type}`);
        compared += convs.total + ends.total;
      }
    } finally {
      await service.close();
    }
  }
  assert.ok(compared >= 80, `${compared} rows compared`);
});

test('TCP and UDP rows carry their stream (the ladder and the filter use it); a tunnel\'s outer UDP (whose packets the index files under their inner stream) none', async () => {
  const sample = await opened(CAPTURES[0]);
  const tunnels = await opened(join(packets, 'vxlan-geneve.pcap'));
  try {
    const tcp = await sample.request('conversation.list', { type: 'tcp' });
    assert.deepEqual(tcp.rows.map((r) => [r.stream, r.a, r.b]), [[0, '192.0.2.10:40000', '198.51.100.20:80']]);
    const udp = await tunnels.request('conversation.list', { type: 'udp', sort: 'start' });
    assert.deepEqual(udp.rows.map((r) => [r.a, r.b, r.stream]), [
      ['192.0.2.1:49152', '192.0.2.2:4789', undefined],
      ['192.0.2.1:49153', '192.0.2.2:6081', 1],
      ['192.0.2.1:49154', '192.0.2.2:6081', 2],
      ['192.0.2.1:49155', '192.0.2.2:6081', 3],
    ]);
  } finally {
    await sample.close();
    await tunnels.close();
  }
});

test('a window of a sorted table: the rows from `start`, in the order asked for, with the total', async () => {
  const service = await opened(join(packets, 'ipv6-icmpv6.pcap'));
  try {
    const all = await service.request('endpoint.list', { type: 'ipv6', sort: 'bytes', descending: true });
    assert.deepEqual(all.rows.map((e) => [e.address, e.txBytes + e.rxBytes]), [
      ['fe80::1', 368], ['2001:db8::1', 246], ['2001:db8::2', 246], ['fe80::2', 204], ['ff02::16', 126], ['ff02::1', 118], ['ff02::1:ff00:2', 86], ['ff02::2', 70],
    ]);
    const page = await service.request('endpoint.list', { type: 'ipv6', sort: 'bytes', descending: true, start: 3, count: 2 });
    assert.deepEqual([page.start, page.total, page.rows.map((e) => e.address)], [3, 8, ['fe80::2', 'ff02::16']]);
    const byAddress = await service.request('endpoint.list', { type: 'ipv6', sort: 'address' });
    assert.deepEqual(byAddress.rows.map((e) => e.address).slice(0, 3), ['2001:db8::1', '2001:db8::2', 'fe80::1']);
    const countOnly = await service.request('endpoint.list', { type: 'ipv6', count: 0 });
    assert.deepEqual([countOnly.rows, countOnly.total], [[], 8]);
    const past = await service.request('conversation.list', { type: 'ipv6', start: 500 });
    assert.deepEqual([past.rows, past.start], [[], past.total]);
  } finally {
    await service.close();
  }
});

test('a type, column or window outside the contract is refused with what was wrong', async () => {
  const service = await opened(join(packets, 'ipv6-icmpv6.pcap'));
  try {
    await assert.rejects(service.handle('conversation.list', { type: 'sctp' }), /conversation\.list: "type" must be one of eth, ip, ipv6, tcp, udp, got the string "sctp"/);
    await assert.rejects(service.handle('endpoint.list', {}), /endpoint\.list: "type" must be one of eth, ip, ipv6, tcp, udp, got nothing/);
    await assert.rejects(service.handle('endpoint.list', { type: 'ip', sort: 'a' }), /endpoint\.list: "sort" must be one of address, port, packets/);
    await assert.rejects(service.handle('conversation.list', { type: 'ip', count: 5000 }), /conversation\.list: "count"/);
    await assert.rejects(service.handle('conversation.list', { type: 'ip', protocol: 'tcp' }), /conversation\.list/);
  } finally {
    await service.close();
  }
});

test('Limit to display filter: the tables count only the packets the filter shows, and follow it when it changes', async () => {
  const capture = CAPTURES[0];
  const decoded = decodeFile(capture);
  const service = await opened(capture);
  /** The rows of `type` over the packets `filter` matches, as the command line counts them. */
  const expected = (type: (typeof ADDRESS_TYPES)[number], filter: string) => {
    const matches = compileDisplayFilter(filter);
    const conversations = new ConversationTable(type);
    const endpoints = new EndpointTable(type);
    for (const { packet, bytes } of decoded) {
      if (!matches.matches(packet, bytes)) continue;
      conversations.add(packet);
      endpoints.add(packet);
    }
    return { conversations: conversations.rows().map((c) => conversationLine({ ...c, duration: c.end - c.start })).sort(), endpoints: endpoints.rows().map(endpointLine) };
  };
  const tables = async (type: (typeof ADDRESS_TYPES)[number], displayed: boolean) => ({
    conversations: (await service.request('conversation.list', { type, displayed })).rows.map(conversationLine).sort(),
    endpoints: (await service.request('endpoint.list', { type, displayed })).rows.map(endpointLine),
  });
  try {
    // No filter applied: every packet counts either way.
    assert.deepEqual(await tables('ip', true), await tables('ip', false));
    for (const filter of ['dns', 'tcp.flags.syn == 1', 'arp']) {
      await service.request('filter.apply', { text: filter });
      for (const type of ADDRESS_TYPES) assert.deepEqual(await tables(type, true), expected(type, filter), `${filter}: ${type}`);
      // The whole capture's tables are still there beside them.
      assert.deepEqual((await tables('ip', false)).endpoints.length, expected('ip', 'frame').endpoints.length);
    }
    assert.equal((await service.request('conversation.list', { type: 'tcp', displayed: true })).total, 0, 'arp shows no TCP');
  } finally {
    await service.close();
  }
});

test('an ignored packet is in no table, as in Wireshark; ignored no more, it counts again', async () => {
  const service = await opened(CAPTURES[0]);
  const dnsRow = async () => (await service.request('conversation.list', { type: 'ip' })).rows.find((r) => r.b === '198.51.100.53' || r.a === '198.51.100.53');
  try {
    // Packets 3 and 4 are the DNS query and its response.
    assert.deepEqual([(await dnsRow())?.framesAtoB, (await dnsRow())?.framesBtoA], [1, 1]);
    await service.request('packets.ignore', { numbers: [4], ignored: true });
    assert.deepEqual([(await dnsRow())?.framesAtoB, (await dnsRow())?.framesBtoA], [1, 0]);
    const udp = await service.request('endpoint.list', { type: 'udp' });
    assert.ok(udp.rows.every((e) => e.rxPackets + e.txPackets === 1), JSON.stringify(udp.rows));
    await service.request('packets.ignore', { numbers: [4], ignored: false });
    assert.deepEqual([(await dnsRow())?.framesAtoB, (await dnsRow())?.framesBtoA], [1, 1]);
  } finally {
    await service.close();
  }
});
