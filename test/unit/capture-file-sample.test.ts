import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openCaptureFile } from '../../electron/files/open-capture-file.js';
import { readAll, scratchFiles } from './capture-file-test-kit.js';

const sample = new URL('../../resources/sample.pcapng', import.meta.url).pathname;
const script = new URL('../../scripts/make-sample-capture.py', import.meta.url).pathname;

function readSample() {
  const reader = openCaptureFile(sample);
  const packets = readAll(reader);
  assert.equal(reader.warning, null);
  return { packets, interfaces: reader.interfaces };
}

const etherType = (d: Uint8Array) => (d[12] << 8) | d[13];
const ipProtocol = (d: Uint8Array) => (etherType(d) === 0x0800 ? d[23] : etherType(d) === 0x86dd ? d[20] : -1);

test('the bundled sample is a small Ethernet pcapng telling a complete story', () => {
  assert.ok(statSync(sample).size < 8192);
  const { packets, interfaces } = readSample();
  assert.deepEqual(interfaces.map((i) => [i.linkType, i.name]), [[1, 'eth0']]);
  assert.equal(packets.length, 18);
  const kinds = packets.map((p) => {
    if (etherType(p.data) === 0x0806) return 'arp';
    const proto = ipProtocol(p.data);
    if (proto === 17) return 'udp';
    if (proto === 6) return 'tcp';
    if (proto === 1) return 'icmp';
    if (proto === 58) return 'icmpv6';
    return 'other';
  });
  assert.deepEqual(kinds, ['arp', 'arp', 'udp', 'udp', ...Array(10).fill('tcp'), 'icmp', 'icmp', 'icmpv6', 'icmpv6']);
  // Timestamps increase, starting 2025-01-01 12:00:00 UTC.
  assert.equal(packets[0].seconds, 1735732800);
  for (let i = 1; i < packets.length; i++) {
    assert.ok(packets[i].seconds * 1e9 + packets[i].nanos > packets[i - 1].seconds * 1e9 + packets[i - 1].nanos);
  }
});

test('the SYN carries a comment explaining it', () => {
  const { packets } = readSample();
  const syn = packets.find((p) => ipProtocol(p.data) === 6 && p.data[14 + 20 + 13] === 0x02)!;
  assert.deepEqual(syn.comments, ['Client opens the connection: SYN']);
});

test('the sample is exactly what scripts/make-sample-capture.py makes', () => {
  const out = join(scratchFiles('sample').dir, 'sample.pcapng');
  const run = spawnSync('/usr/bin/python3', [script, out], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(readFileSync(out), readFileSync(sample));
});
