// The app's Conversations and Endpoints tables against tshark directly: the rows the contract
// answers hold the numbers `tshark -z conv,ip` and `tshark -z endpoints,ipv6` print for the same
// capture (every type is compared with the command line's tables in
// test/unit/traffic-tables-service.test.ts, and those with tshark in conversations/endpoints.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { LayerscopeService } from '../../electron/service/layerscope-service.js';

const packets = fileURLToPath(new URL('../fixtures/packets/', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../resources/sample.pcapng', import.meta.url));

function tshark(capture: string, statistic: string): string[] {
  return spawnSync('tshark', ['-n', '-r', capture, '-q', '-z', statistic], { encoding: 'utf8' }).stdout.split('\n');
}

async function opened(path: string): Promise<LayerscopeService> {
  const service = new LayerscopeService();
  await service.request('file.open', { path });
  await service.whenLoaded();
  return service;
}

test('the IPv4 conversations the contract answers are those tshark -z conv,ip prints', async () => {
  for (const capture of [SAMPLE, join(packets, 'vxlan-geneve.pcap'), join(packets, 'ip-in-ip.pcap')]) {
    // "A <-> B  framesBtoA bytesBtoA  framesAtoB bytesAtoB  total  start  duration"
    const theirs = tshark(capture, 'conv,ip')
      .map((line) => /^(\S+)\s+<-> (\S+)\s+(\d+) (\d+) bytes\s+(\d+) (\d+) bytes\s+\d+ \d+ bytes\s+([\d.]+)\s+([\d.]+)$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => `${m[1]} ${m[2]} ${m[5]}/${m[6]} ${m[3]}/${m[4]} ${m[7]} ${m[8]}`);
    const service = await opened(capture);
    try {
      const ours = await service.request('conversation.list', { type: 'ip' });
      assert.ok(theirs.length > 0, `tshark lists conversations in ${capture}`);
      assert.deepEqual(
        ours.rows.map((r) => `${r.a} ${r.b} ${r.framesAtoB}/${r.bytesAtoB} ${r.framesBtoA}/${r.bytesBtoA} ${r.start.toFixed(9)} ${r.duration.toFixed(4)}`),
        theirs,
        capture,
      );
    } finally {
      await service.close();
    }
  }
});

test('the IPv6 endpoints the contract answers are those tshark -z endpoints,ipv6 prints', async () => {
  for (const capture of [SAMPLE, join(packets, 'ipv6-icmpv6.pcap'), join(packets, 'ipv6-fragments.pcap')]) {
    // "address  packets  bytes  txPackets  txBytes  rxPackets  rxBytes"
    const theirs = tshark(capture, 'endpoints,ipv6')
      .map((line) => /^(\S+)\s+\d+\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => `${m[1]} tx ${m[2]}/${m[3]} rx ${m[4]}/${m[5]}`);
    const service = await opened(capture);
    try {
      const ours = await service.request('endpoint.list', { type: 'ipv6' });
      assert.ok(theirs.length > 0, `tshark lists endpoints in ${capture}`);
      assert.deepEqual(ours.rows.map((e) => `${e.address} tx ${e.txPackets}/${e.txBytes} rx ${e.rxPackets}/${e.rxBytes}`), theirs, capture);
    } finally {
      await service.close();
    }
  }
});
