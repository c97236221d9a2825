// The layer stack's layout: which row each protocol of a real decoded packet lands on in both
// models, empty layers shown as empty, and bar widths proportional to the bytes each layer takes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutLayerStack, layerBytes, type StackLayout } from '../../renderer/src/lib/layer-stack-layout.js';
import { FRAMES, dissectHex } from './renderer-fixtures/crafted-frames.js';

const SIZE = { width: 400, height: 280 };

/** Row key → protocols drawn in it, for rows that hold any. */
function placement(layout: StackLayout): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of layout.rows) if (!r.empty) out[r.key] = r.segments.map((s) => s.protocol);
  return out;
}

test('a TCP SYN: frame on physical, Ethernet on data link, IPv4 on network, TCP on transport; session, presentation and application are empty', () => {
  const p = dissectHex(FRAMES.tcpSyn);
  const layout = layoutLayerStack(p.layers, p.caplen, SIZE);
  assert.deepEqual(placement(layout), {
    'osi-4': ['tcp'],
    'osi-3': ['ip'],
    'osi-2': ['eth'],
    'osi-1': ['frame'],
    'tcpip-transport': ['tcp'],
    'tcpip-internet': ['ip'],
    'tcpip-link': ['eth'],
  });
  const empty = layout.rows.filter((r) => r.empty).map((r) => r.key);
  assert.deepEqual(empty, ['osi-7', 'osi-6', 'osi-5', 'tcpip-application']);
});

test('UDP with a payload: the data lands on the application layer of both models', () => {
  const p = dissectHex(FRAMES.udp);
  const placed = placement(layoutLayerStack(p.layers, p.caplen, SIZE));
  assert.deepEqual(placed['osi-7'], ['data']);
  assert.deepEqual(placed['tcpip-application'], ['data']);
  assert.deepEqual(placed['osi-4'], ['udp']);
});

test('ICMP sits beside IP on the network layer; ARP beside Ethernet on the link layer', () => {
  const icmp = dissectHex(FRAMES.icmpEcho);
  const placedIcmp = placement(layoutLayerStack(icmp.layers, icmp.caplen, SIZE));
  assert.deepEqual(placedIcmp['osi-3'], ['ip', 'icmp']);
  assert.deepEqual(placedIcmp['tcpip-internet'], ['ip', 'icmp']);
  assert.equal(placedIcmp['osi-4'], undefined, 'no transport layer in a ping');
  const arp = dissectHex(FRAMES.arpRequest);
  const placedArp = placement(layoutLayerStack(arp.layers, arp.caplen, SIZE));
  assert.deepEqual(placedArp['osi-2'], ['eth', 'arp']);
  assert.equal(placedArp['osi-3'], undefined);
});

test('bar widths are proportional to the bytes each header takes', () => {
  const p = dissectHex(FRAMES.tcpSyn);
  const layout = layoutLayerStack(p.layers, p.caplen, SIZE);
  const seg = (key: string) => layout.rows.find((r) => r.key === key)!.segments[0];
  const eth = seg('osi-2');
  const ip = seg('osi-3');
  const tcp = seg('osi-4');
  const frame = seg('osi-1');
  assert.deepEqual([eth.bytes, ip.bytes, tcp.bytes, frame.bytes], [14, 20, 40, 74]);
  // TCP with 20 bytes of options is exactly twice the width of the 20-byte IPv4 header.
  assert.ok(Math.abs(tcp.width / ip.width - 2) < 1e-9, `tcp ${tcp.width} vs ip ${ip.width}`);
  assert.ok(Math.abs(ip.width / eth.width - 20 / 14) < 1e-9);
  // The frame carries every byte: the full bar.
  assert.ok(Math.abs(frame.width - layout.rows.find((r) => r.key === 'osi-1')!.barWidth) < 1e-9);
  // One scale per model: TCP/IP's rows use the same pixels per byte whatever their height.
  assert.ok(Math.abs(seg('tcpip-transport').width / 40 - seg('tcpip-internet').width / 20) < 1e-9);
  assert.ok(Math.abs(seg('tcpip-link').width / 14 - seg('tcpip-internet').width / 20) < 1e-9);
  // The same layer is the same width in both models.
  assert.ok(Math.abs(seg('tcpip-transport').width - tcp.width * (layout.rows.find((r) => r.key === 'tcpip-transport')!.barWidth / layout.rows.find((r) => r.key === 'osi-4')!.barWidth)) < 1e-9);
});

test('rows: seven OSI rows top (application) to bottom (physical); TCP/IP rows span the OSI rows they cover', () => {
  const p = dissectHex(FRAMES.tcpSyn);
  const layout = layoutLayerStack(p.layers, p.caplen, SIZE);
  const osi = layout.rows.filter((r) => r.model === 'osi');
  assert.deepEqual(osi.map((r) => r.osi[0]), [7, 6, 5, 4, 3, 2, 1]);
  for (let i = 1; i < osi.length; i++) assert.ok(osi[i].y > osi[i - 1].y + osi[i - 1].height - 1e-9, 'rows do not overlap');
  const byKey = Object.fromEntries(layout.rows.map((r) => [r.key, r]));
  assert.equal(byKey['tcpip-application'].y, byKey['osi-7'].y);
  assert.ok(Math.abs(byKey['tcpip-application'].y + byKey['tcpip-application'].height - (byKey['osi-5'].y + byKey['osi-5'].height)) < 1e-9);
  assert.equal(byKey['tcpip-link'].y, byKey['osi-2'].y);
  assert.ok(Math.abs(byKey['tcpip-link'].y + byKey['tcpip-link'].height - (byKey['osi-1'].y + byKey['osi-1'].height)) < 1e-9);
  assert.ok(layout.rows.every((r) => r.x + r.width <= SIZE.width + 1e-9), 'everything fits the width');
});

test('a tiny layer still gets a visible, clickable bar', () => {
  const p = dissectHex(FRAMES.tcpSyn);
  const layout = layoutLayerStack(p.layers, 100_000, { ...SIZE, minBarWidth: 5 });
  for (const r of layout.rows) for (const s of r.segments) assert.ok(s.width >= 5 - 1e-9);
});

test('Ethernet padding after the payload counts towards the link layer\'s bytes', () => {
  // The ARP request padded to Ethernet's 60-byte minimum: 18 bytes of eth.padding.
  const p = dissectHex(FRAMES.arpRequest + '00'.repeat(18));
  const eth = p.layers.find((l) => l.protocol === 'eth')!;
  assert.equal(layerBytes(eth, p.caplen), 14 + 18);
});
