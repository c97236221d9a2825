// DNS and HTTP checked against tshark: every field both produce (name, byte offset, length, show),
// on the bundled sample capture and on crafted messages (name compression, several record types,
// an error reply, an HTTP response with a body), plus the packet list's info text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithTshark, dissectFile, formatReport, oursOnlyNames, tsharkColumns } from './pdml-oracle.js';

const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));
const APPLICATION = { protocols: ['dns', 'http'] as const };

/** Fields we show that tshark has no named field for (it shows them as unnamed text lines). */
const OUR_CONTAINERS = ['dns.answer', 'dns.query', 'http.end_of_headers', 'http.line_end', 'http.request.line_text', 'http.response.line_text', 'http.separator'];

const CRAFT = String.raw`
import sys
from scapy.all import Ether, IP, UDP, TCP, DNS, DNSQR, DNSRR, Raw, wrpcap
c, s = '192.0.2.10', '192.0.2.53'
def udp(src, dst, sport, dport, payload):
    return Ether(src='02:00:00:00:00:0a', dst='02:00:00:00:00:01')/IP(src=src, dst=dst)/UDP(sport=sport, dport=dport)/payload
# A response whose names point back at the question (compression), as real servers send them.
compressed = bytes.fromhex('beef81800001000300000000' '03777777076578616d706c6503636f6d0000010001'
  'c00c0005000100000e10000d' '076578616d706c6503636f6d00'
  'c02d000100010000012c0004c0000222'
  'c02d001c00010000012c001020010db8000000000000000000000001')
packets = [
  udp(c, s, 40001, 53, DNS(id=0x1111, rd=1, qd=DNSQR(qname='www.example.com', qtype='A'))),
  udp(s, c, 53, 40001, Raw(compressed)),
  udp(s, c, 53, 40002, DNS(id=0x2222, qr=1, rd=1, ra=1, rcode=3, qd=DNSQR(qname='nope.example', qtype='AAAA'))),
  udp(s, c, 53, 40003, DNS(id=0x3333, qr=1, qd=DNSQR(qname='example.com', qtype='MX'), an=DNSRR(rrname='example.com', type='MX', rdata=b'\x00\x0a\x04mail\xc0\x0c'))),
  Ether()/IP(src=s, dst=c)/TCP(sport=80, dport=40000, flags='PA', seq=1, ack=1)/Raw(b'HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nServer: sample\r\n\r\nnot found'),
  Ether()/IP(src=c, dst=s)/TCP(sport=40000, dport=80, flags='PA', seq=1, ack=1)/Raw(b'POST /form HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nContent-Length: 3\r\n\r\na=1'),
]
wrpcap(sys.argv[1], packets)
`;

test('DNS and HTTP in the bundled sample match tshark field by field', async () => {
  const report = await compareWithTshark(SAMPLE, APPLICATION);
  assert.equal(report.mismatches.length, 0, formatReport(report));
  assert.deepEqual(oursOnlyNames(report).filter((n) => !OUR_CONTAINERS.includes(n)), []);
  assert.ok(report.matched >= 60, `only ${report.matched} fields compared`);
});

test('crafted DNS (compression, CNAME, MX, AAAA, NXDOMAIN) and HTTP (response with body, POST) match tshark', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-app-'));
  try {
    const file = join(dir, 'application.pcap');
    execFileSync('/usr/bin/python3', ['-c', CRAFT, file], { stdio: ['ignore', 'ignore', 'pipe'] });
    const report = await compareWithTshark(file, APPLICATION);
    assert.equal(report.mismatches.length, 0, formatReport(report));
    assert.ok(report.matched >= 60, `only ${report.matched} fields compared`);

    // The packet list says what a learner sees in Wireshark's Info column.
    const ours = dissectFile(file).map((p) => p.summary.info);
    const theirs = (await tsharkColumns(file)).map((c) => c.info);
    assert.equal(ours[0], theirs[0]);
    assert.equal(ours[1], theirs[1]);
    assert.equal(ours[2], theirs[2]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
