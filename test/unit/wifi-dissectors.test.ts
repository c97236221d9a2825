// Radiotap, IEEE 802.11 and LLC decoded from hex frames: the radiotap alignment rules, the
// addresses named by their role for each direction, the frame check sequence, and frames that are
// malformed or cut by the snap length, each decoded as far as its bytes go with the problem on the
// field concerned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DissectedPacket, Layer } from '../../electron/dissect/field-model.js';
import { dissect, hexBytes } from './dissection-invariants.js';
import { treeLines } from './field-tree-lines.js';
import { fieldBitRange } from '../../renderer/src/lib/field-index.js';

const RADIOTAP = 127;
const IEEE_802_11 = 105;
const decode = (hex: string, linkType: number, originalLength?: number) => dissect(linkType, hexBytes(hex), originalLength);
const stack = (p: DissectedPacket) => p.layers.map((l) => l.protocol);
const layerOf = (p: DissectedPacket, protocol: string): Layer => p.layers.find((l) => l.protocol === protocol)!;
const problems = (l: Layer) => l.problems.map((x) => `${x.code} on ${x.field}`);

const AP = '020000000101';
const STA = '020000000202';
const ROUTER = '020000000303';
const BROADCAST = 'ffffffffffff';
/** An 8-byte radiotap header announcing no fields. */
const BARE_RADIOTAP = '00000800' + '00000000';
/** An acknowledgement to the access point. */
const ACK = 'd400' + '0000' + AP;
/** A beacon's 802.11 header: sequence number 100. */
const BEACON_HEADER = '8000' + '0000' + BROADCAST + AP + AP + '4006';
/** A beacon's fixed parameters: timestamp 1, interval 100, capabilities ESS + privacy. */
const BEACON_FIXED = '0100000000000000' + '6400' + '1100';

test('radiotap is OSI layer 1: its narrative says the radio measured it and none of it was sent', () => {
  // Flags, rate 6 Mb/s, channel 2412 MHz, signal -50 dBm.
  const p = decode('00001000' + '2e000000' + '00' + '0c' + '6c09' + 'a000' + 'ce' + '00' + ACK, RADIOTAP);
  const radiotap = layerOf(p, 'radiotap');
  assert.deepEqual([radiotap.osi, radiotap.tcpip, radiotap.title], [1, 'link', 'Radiotap Header v0, Length 16']);
  assert.equal(radiotap.narrative, 'Radiotap: what the capturing radio measured when it received the frame (OSI layer 1, the physical layer); none of it was sent on the air; received at 6 Mb/s; on 2412 MHz; signal -50 dBm');
  assert.equal(layerOf(p, 'wlan').osi, 2);
});

test('each radiotap field starts at a multiple of its size from the header\'s start; the padding before it is shown', () => {
  // Flags (1 byte at 8), then Channel (aligned to 2: a pad byte at 9, the channel at 10).
  const p = decode('00000e00' + '0a000000' + '00' + 'ff' + '6c09' + 'a000' + ACK, RADIOTAP);
  const fields = layerOf(p, 'radiotap').fields.map((f) => [f.name, f.offset, f.length]);
  assert.deepEqual(fields.slice(4), [['radiotap.flags', 8, 1], ['radiotap.align_pad', 9, 1], ['radiotap.channel.freq', 10, 2], ['radiotap.channel.flags', 12, 2]]);
  assert.equal(layerOf(p, 'radiotap').fields[6].showname, 'Channel frequency: 2412 [BG 1]');
  assert.deepEqual(stack(p), ['frame', 'radiotap', 'wlan']);
});

test('a vendor namespace is skipped by its length, and the fields after the present words still decode', () => {
  // Word 0: Flags, vendor namespace next, another word; word 1 (the vendor's): nothing standard.
  const p = decode('00001700' + '020000c0' + '00000000' + '00' + '00' + '02aabb' + '01' + '0300' + '010203' + ACK, RADIOTAP);
  const radiotap = layerOf(p, 'radiotap');
  assert.deepEqual(radiotap.fields.map((f) => f.name).slice(4), ['radiotap.flags', 'radiotap.align_pad', 'radiotap.vendor_namespace']);
  const vendor = radiotap.fields[6];
  assert.deepEqual(treeLines([vendor]), ['Vendor namespace: 02:aa:bb-1', '  Vendor OUI: 02:aa:bb', '  Vendor sub namespace: 1', '  Vendor data length: 3', '  Vendor data']);
  assert.deepEqual(problems(radiotap), []);
  assert.equal(layerOf(p, 'wlan').offset, 23);
});

test('a radiotap header shorter than its own 8 bytes stops at its length, with the problem there', () => {
  const p = decode('00000400' + '00000000' + ACK, RADIOTAP);
  const radiotap = layerOf(p, 'radiotap');
  assert.deepEqual(treeLines(radiotap.fields), ['Header revision: 0', 'Header pad: 0', 'Header length: 4']);
  assert.deepEqual(problems(radiotap), ['radiotap.length_short on radiotap.length']);
  // The bytes after it stay visible.
  assert.deepEqual(stack(p), ['frame', 'radiotap', 'data']);
  assert.deepEqual([p.summary.protocol, p.summary.info], ['WLAN', 'Radiotap Capture v0, Length 4']);
});

test('a radiotap length past the frame\'s end is malformed; cut by the snap length it is not', () => {
  const malformed = decode('0000c800' + '02000000' + '10' + ACK, RADIOTAP);
  assert.deepEqual(problems(layerOf(malformed, 'radiotap')), ['radiotap.length_past_end on radiotap.length']);
  assert.equal(malformed.summary.info, 'Radiotap Capture v0, Length 200[Malformed Packet]');
  const cut = decode('0000c800' + '02000000' + '10', RADIOTAP, 300);
  assert.deepEqual(layerOf(cut, 'radiotap').problems.map((x) => [x.code, x.severity]), [['packet.cut_by_snaplen', 'warning']]);
  assert.equal(cut.summary.info, 'Radiotap Capture v0, Length 200[Packet size limited during capture]');
});

test('the addresses are named by their role for each direction, as tshark\'s wlan.ra/ta/da/sa/bssid', () => {
  const roles = (fc: string, addresses: string) => layerOf(decode(BARE_RADIOTAP + fc + '0000' + addresses + '1000', RADIOTAP), 'wlan').fields
    .filter((f) => f.length === 6)
    .map((f) => `${f.name.slice(5)}@${f.offset - 8}`);
  // A station sends to its access point, for the router beyond it (To DS).
  assert.deepEqual(roles('0801', AP + STA + ROUTER), ['ra@4', 'ta@10', 'da@16', 'sa@10', 'bssid@4', 'staa@10']);
  // The access point passes the router's frame to a station (From DS).
  assert.deepEqual(roles('0802', STA + AP + ROUTER), ['ra@4', 'ta@10', 'da@4', 'sa@16', 'bssid@10', 'staa@4']);
  // Between two access points (To DS and From DS): four addresses, the fourth after sequence control.
  assert.deepEqual(roles('0803', AP + STA + ROUTER + '020000000404'), ['ra@4', 'ta@10', 'da@16', 'sa@24']);
  // A management frame: destination, source and the network's BSSID.
  assert.deepEqual(roles('8000', BROADCAST + AP + AP), ['ra@4', 'da@4', 'ta@10', 'sa@10', 'bssid@16']);
});

test('a beacon\'s columns and info read like tshark\'s, and its narrative says what a beacon is for', () => {
  const p = decode(BEACON_HEADER + BEACON_FIXED + '0004' + '6c616221' + '030106', IEEE_802_11);
  assert.deepEqual(p.summary, { source: '02:00:00:00:01:01', destination: 'ff:ff:ff:ff:ff:ff', protocol: '802.11', info: 'Beacon frame, SN=100, FN=0, Flags=........, BI=100, SSID="lab!"' });
  assert.equal(layerOf(p, 'wlan').title, 'IEEE 802.11 Beacon frame, Flags: ........');
  const mgt = layerOf(p, 'wlan.mgt');
  assert.deepEqual(treeLines(mgt.fields).filter((l) => l.startsWith('Tag') || l.startsWith('  Tag:')), ['Tagged parameters (9 bytes)', '  Tag: SSID parameter set: "lab!"', '  Tag: DS Parameter set: Current Channel: 6']);
  assert.equal(mgt.narrative, 'The access point announces network "lab!" every 100 time units: stations find networks by these beacons');
});

test('an element longer than the frame: the bytes that are there are shown, the problem is on its length', () => {
  const p = decode(BEACON_HEADER + BEACON_FIXED + '0108' + '8284', IEEE_802_11);
  const mgt = layerOf(p, 'wlan.mgt');
  assert.deepEqual(problems(mgt), ['wlan.tag.length_past_end on wlan.tag.length']);
  const tag = mgt.fields.find((f) => f.name === 'wlan.tagged.all')!.children[0];
  assert.deepEqual(treeLines([tag]), ['Tag: Supported Rates 1(B), 2(B),', '  Tag Number: Supported Rates (1)', '  Tag length: 8', '  Supported Rates: 1(B) (0x82)', '  Supported Rates: 2(B) (0x84)']);
  assert.match(p.summary.info, /\[Malformed Packet: length of contained item exceeds length of containing item\]$/);
});

test('a frame cut by the snap length in its addresses names the address that was cut', () => {
  const p = decode(BEACON_HEADER.slice(0, 2 * 8), IEEE_802_11, 100);
  const wlan = layerOf(p, 'wlan');
  assert.deepEqual(wlan.problems.map((x) => [x.code, x.field, x.severity]), [['packet.cut_by_snaplen', 'wlan.ra', 'warning']]);
  assert.equal(p.summary.info, 'Beacon frame[Packet size limited during capture]');
});

test('the frame check sequence radiotap announces is checked, and a wrong one is an error on the field', () => {
  const withFcs = (fcs: string) => decode('00000900' + '02000000' + '10' + ACK + fcs, RADIOTAP);
  const good = withFcs('99e7a496');
  assert.deepEqual(treeLines(layerOf(good, 'wlan').fields).slice(-2), ['Frame check sequence: 0x96a4e799 [correct]', 'FCS Status: Good']);
  assert.equal(good.summary.info, 'Acknowledgement, Flags=........C');
  const bad = withFcs('deadbeef');
  assert.deepEqual(problems(layerOf(bad, 'wlan')), ['wlan.bad_fcs on wlan.fcs']);
  assert.equal(layerOf(bad, 'wlan').fields.at(-2)!.showname, 'Frame check sequence: 0xefbeadde incorrect, should be 0x96a4e799');
  assert.equal(bad.summary.info, 'Acknowledgement, Flags=.........');
});

test('a protected frame shows its CCMP header and leaves the encrypted bytes as data', () => {
  const p = decode(BARE_RADIOTAP + '8841' + '0000' + AP + STA + ROUTER + '1000' + '0000' + '0500002000000000' + 'c0ffee', RADIOTAP);
  const wlan = layerOf(p, 'wlan');
  assert.deepEqual(treeLines(wlan.fields).slice(-2), ['CCMP Ext. Initialization Vector: 0x000000000005', 'Key Index: 0']);
  assert.deepEqual(stack(p), ['frame', 'radiotap', 'wlan', 'data']);
  assert.equal(wlan.narrative, '802.11 QoS Data from 02:00:00:00:02:02 to 02:00:00:00:01:01; a station sends it to its access point (To DS), for 02:00:00:00:03:03; its body is encrypted');
});

test('LLC under an IEEE 802.3 length: SNAP with organisation 00:00:00 hands its EtherType on, another organisation\'s ID is named', () => {
  const ETH = '01000ccccccc' + ROUTER;
  const arp = decode(ETH + '0026' + 'aaaa03' + '000000' + '0806' + '0001080006040001' + ROUTER + 'c0000201' + '000000000000' + 'c0000202', 1);
  assert.deepEqual(stack(arp), ['frame', 'eth', 'llc', 'arp']);
  assert.deepEqual(treeLines(layerOf(arp, 'llc').fields), [
    'DSAP: SNAP (0xaa)', '  1010 101. = SAP: SNAP', '  .... ...0 = IG Bit: Individual',
    'SSAP: SNAP (0xaa)', '  1010 101. = SAP: SNAP', '  .... ...0 = CR Bit: Command',
    'Control field: U, func=UI (0x03)', '  000. 00.. = Command: Unnumbered Information (0x00)', '  .... ..11 = Frame type: Unnumbered frame (0x3)',
    'Organization Code: 00:00:00 (Officially Xerox, but', 'Type: ARP (0x0806)',
  ]);
  assert.equal(layerOf(arp, 'llc').narrative, 'LLC with SNAP: type ARP (0x0806) says ARP comes next');
  const other = decode(ETH + '000a' + 'aaaa03' + '0080c2' + '0007' + 'abcd', 1);
  assert.deepEqual(stack(other), ['frame', 'eth', 'llc', 'data']);
  assert.deepEqual(treeLines(layerOf(other, 'llc').fields).slice(-2), ['Organization Code: 00:80:c2 (IEEE 802.1 Committee)', 'Protocol ID: 0x0007']);
});

test('a little-endian flag selects the bits where they lie in the frame: ESS is the lowest bit of the capabilities\' first byte', () => {
  const p = decode(BEACON_HEADER + BEACON_FIXED, IEEE_802_11);
  const caps = layerOf(p, 'wlan.mgt').fields[0].children.find((f) => f.name === 'wlan.fixed.capabilities')!;
  const ess = caps.children.find((f) => f.name === 'wlan.fixed.capabilities.ess')!;
  assert.deepEqual([caps.offset, ess.showname], [34, '.... .... .... ...1 = ESS capabilities: Transmitter is an AP']);
  assert.deepEqual(fieldBitRange(ess), { start: 34 * 8 + 7, width: 1 });
  // Privacy (value bit 4) is in the same first byte; Short Slot Time (value bit 10) in the second.
  const bit = (name: string) => fieldBitRange(caps.children.find((f) => f.name === name)!).start;
  assert.deepEqual([bit('wlan.fixed.capabilities.privacy'), bit('wlan.fixed.capabilities.short_slot_time')], [34 * 8 + 3, 35 * 8 + 5]);
});

test('control frames say what they are for: an RTS reserves the air for its duration, an ACK confirms a frame', () => {
  const rts = layerOf(decode('b400' + '3a01' + AP + STA, IEEE_802_11), 'wlan');
  assert.equal(rts.narrative, '802.11 Request-to-send from 02:00:00:00:02:02 to 02:00:00:00:01:01; it asks the receiver to reserve the air for 314 microseconds (request to send)');
  const ack = decode(ACK, IEEE_802_11);
  assert.deepEqual(ack.summary, { source: '', destination: '02:00:00:00:01:01 (RA)', protocol: '802.11', info: 'Acknowledgement, Flags=........' });
  assert.match(layerOf(ack, 'wlan').narrative!, /it acknowledges the frame just received/);
});
