// Wi-Fi and LLC checked against tshark field by field (name, offset, length, show and the tree's
// line) on captures crafted with scapy: radiotap headers (common and rarer fields, MCS, A-MPDU,
// VHT and HE, extended and vendor present words, the frame check sequence right and wrong), 802.11
// management, control and data frames (beacon, probes, authentication, association,
// deauthentication, disassociation, a block ack action, RTS/CTS/ACK, block ack and its request,
// QoS data carrying IPv4, IPv6, ARP and EAPOL, null frames, CCMP, TKIP and WEP, HT Control, a
// four-address frame; elements from SSID to HT/VHT capabilities), 802.11 without radiotap,
// malformed frames, and IEEE 802.3 frames carrying STP and CDP over LLC; and the packet list's
// columns as tshark writes them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compareWithTshark, dissectFile, formatReport, tsharkColumns, type OracleReport } from './pdml-oracle.js';
import { craftedCaptures } from './crafted-captures.js';

const PROTOCOLS = { protocols: ['radiotap', 'wlan', 'wlan.mgt', 'llc', 'eapol', 'stp', 'cdp'] };
const CAPTURES = ['wifi-radiotap.pcap', 'wifi-80211.pcap', 'wifi-malformed.pcap', 'llc-ethernet.pcap'];

/**
 * The one field tshark shows that we do not: a VHT user's data rate, which tshark places 32 bytes
 * after the VHT field, outside the radiotap header (so outside any range of ours).
 */
const KNOWN_MISSING = new Set(['radiotap.vht.datarate.0']);
/** Our fields tshark has none for: alignment and data padding, bytes no field announces, the HE and CDP record headings (tshark's are text lines). */
const OURS_ONLY = new Set(['radiotap.align_pad', 'radiotap.undecoded', 'radiotap.he', 'wlan.data_pad', 'cdp.tlv', 'data.data', 'data.len']);

const crafted = craftedCaptures('craft_wifi_packets.py');

test('every field tshark shows in radiotap, 802.11, LLC, EAPOL, STP and CDP we show with the same bytes and value (>= 99%) and line (>= 95%)', async () => {
  let tsharkFields = 0;
  let matched = 0;
  let missing = 0;
  let shownameWrong = 0;
  for (const name of CAPTURES) {
    const report: OracleReport = await compareWithTshark(join(crafted(), name), PROTOCOLS);
    assert.equal(report.packetCountDiffers, undefined, formatReport(report));
    assert.deepEqual(report.mismatches, [], `${name}: fields disagreeing with tshark:\n${formatReport(report)}`);
    assert.deepEqual(report.tsharkOnly.filter((f) => !KNOWN_MISSING.has(f.name)), [], `${name}: fields tshark shows that we do not`);
    assert.deepEqual([...new Set(report.oursOnly.map((o) => o.name))].filter((n) => !OURS_ONLY.has(n)), [], `${name}: fields tshark does not have`);
    tsharkFields += report.tsharkFields;
    matched += report.matched;
    missing += report.tsharkOnly.length;
    shownameWrong += report.shownameMismatches.length;
  }
  const covered = (tsharkFields - missing) / tsharkFields;
  const shownames = (matched - shownameWrong) / matched;
  console.log(`Wi-Fi and LLC: fields covered ${(covered * 100).toFixed(2)}% of ${tsharkFields}; shownames equal ${(shownames * 100).toFixed(2)}% of ${matched}`);
  assert.ok(tsharkFields >= 5500, `only ${tsharkFields} fields compared`);
  assert.ok(covered >= 0.99);
  assert.ok(shownames >= 0.95);
});

test('the packet list (source, destination, protocol and info) reads like tshark -r', async () => {
  for (const name of CAPTURES) {
    const file = join(crafted(), name);
    const theirs = await tsharkColumns(file);
    const ours = dissectFile(file).map((p) => p.summary);
    assert.deepEqual(ours, theirs, name);
  }
});

test('each frame decodes to the layers tshark shows, radiotap on OSI layer 1 and 802.11 on layer 2', () => {
  const stacks = dissectFile(join(crafted(), 'wifi-radiotap.pcap')).map((p) => p.layers.map((l) => l.protocol).join(' '));
  assert.deepEqual(stacks.slice(0, 3), ['frame radiotap wlan wlan.mgt', 'frame radiotap wlan wlan.mgt', 'frame radiotap wlan wlan.mgt']);
  // RTS, CTS, ACK, block ack request, block ack: the 802.11 header is all there is.
  assert.deepEqual(stacks.slice(10, 15), Array(5).fill('frame radiotap wlan'));
  assert.equal(stacks[15], 'frame radiotap wlan llc ip udp data');
  assert.equal(stacks[16], 'frame radiotap wlan llc ipv6 udp data');
  assert.equal(stacks[17], 'frame radiotap wlan llc arp');
  assert.equal(stacks[18], 'frame radiotap wlan llc eapol');
  // The protected frame: its CCMP header, then bytes only the key can read.
  assert.equal(stacks[21], 'frame radiotap wlan data');
  const first = dissectFile(join(crafted(), 'wifi-radiotap.pcap'))[0];
  assert.deepEqual(first.layers.slice(1).map((l) => [l.protocol, l.osi, l.tcpip]), [['radiotap', 1, 'link'], ['wlan', 2, 'link'], ['wlan.mgt', 2, 'link']]);
  const ethernet = dissectFile(join(crafted(), 'llc-ethernet.pcap')).map((p) => p.layers.map((l) => l.protocol).join(' '));
  assert.deepEqual(ethernet, ['frame eth llc stp', 'frame eth llc cdp']);
});

test('the frame check sequence is checked: right in one frame, wrong in another, with the problem on the field', () => {
  const packets = dissectFile(join(crafted(), 'wifi-radiotap.pcap'));
  const fcs = (n: number) => packets[n - 1].layers.find((l) => l.protocol === 'wlan')!;
  const good = fcs(24);
  assert.deepEqual(good.problems, []);
  assert.match(good.fields.find((f) => f.name === 'wlan.fcs')!.showname, /^Frame check sequence: 0x[0-9a-f]{8} \[correct\]$/);
  const bad = fcs(25);
  assert.deepEqual(bad.problems.map((p) => [p.code, p.field]), [['wlan.bad_fcs', 'wlan.fcs']]);
  assert.equal(bad.fields.find((f) => f.name === 'wlan.fcs.status')!.showname, 'FCS Status: Bad');
});

test('malformed frames are decoded as far as they go, each with its problem', () => {
  const problems = dissectFile(join(crafted(), 'wifi-malformed.pcap')).map((p) => p.layers.flatMap((l) => l.problems.map((x) => `${x.code} on ${x.field}`)));
  assert.deepEqual(problems, [
    ['radiotap.length_short on radiotap.length'],
    ['radiotap.length_past_end on radiotap.length'],
    ['wlan.tag.length_past_end on wlan.tag.length'],
    ['packet.past_end on wlan.fixed.all'],
    ['packet.past_end on wlan.duration'],
  ]);
});

test('the WPA 4-way handshake: each key message is numbered as tshark numbers it, and the layer stack says what it does', () => {
  const keys = dissectFile(join(crafted(), 'wifi-80211.pcap')).slice(12).map((p) => p.layers.find((l) => l.protocol === 'eapol')!);
  assert.deepEqual(keys.map((l) => l.fields.find((f) => f.name === 'wlan_rsna_eapol.keydes.msgnr')!.value), [1, 2, 3, 4, 1]);
  assert.equal(keys[1].narrative, 'WPA key message 2 of 4 (the 4-way handshake that sets up this station\'s keys); the station answers with its SNonce and a MIC proving it knows the passphrase');
  // Message 2's key data is the station's RSN element, shown as such.
  const data = keys[1].fields.find((f) => f.name === 'wlan_rsna_eapol.keydes.data')!;
  assert.deepEqual(data.children.map((f) => f.showname), ['Tag: RSN Information']);
  assert.equal(keys[4].narrative, 'WPA group key message 1 of 2 (the handshake that hands out the broadcast key); the access point sends the new group key');
});
