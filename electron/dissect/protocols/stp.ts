// The Spanning Tree Protocol (IEEE 802.1D, carried in LLC with DSAP 0x42): switches exchange
// BPDUs to agree on one root bridge and switch off the ports that would make loops. A
// configuration BPDU says which bridge its sender believes is the root, how far away it is, and
// the timers the root sets. IEEE Std 802.1D-2004 §9.3.

import type { Field } from '../field-model.js';
import type { ProtocolModule } from '../dissector.js';
import type { LayerBuilder } from '../layer-builder.js';
import { defineFields, type FieldSpec } from '../field-spec.js';
import { defineMessages } from '../../text/catalog.js';
import { hexNumber, macAddress } from '../display-format.js';

const STD = 'IEEE 802.1D-2004 §9.3';
const YES_NO = ['Yes', 'No'] as const;
const seconds = (v: number | string) => String(v);

const F = defineFields('stp', {
  protocol: { label: 'Protocol Identifier', type: 'uint16', base: 'hex', values: { 0: 'Spanning Tree Protocol' }, description: 'Always 0: this is a spanning tree BPDU.', rfc: STD },
  version: { label: 'Protocol Version Identifier', type: 'uint8', values: { 0: 'Spanning Tree', 2: 'Rapid Spanning Tree', 3: 'Multiple Spanning Tree' }, description: 'Which spanning tree protocol the sender speaks: classic (0), rapid (2) or multiple (3).', rfc: STD },
  type: { label: 'BPDU Type', type: 'uint8', base: 'hex', values: { 0x00: 'Configuration', 0x02: 'Rapid/Multiple Spanning Tree', 0x80: 'Topology Change Notification' }, description: 'A configuration BPDU (the root\'s view, passed down the tree) or a topology change notification (passed up to the root).', rfc: STD },
  flags: { label: 'BPDU flags', type: 'uint8', base: 'hex', description: 'Topology change and its acknowledgement.', rfc: STD },
  'flags.tcack': { label: 'Topology Change Acknowledgment', type: 'boolean', bits: 8, mask: 0x80, tfs: YES_NO, description: 'Set when the sender acknowledges a topology change notification.', rfc: STD },
  'flags.tc': { label: 'Topology Change', type: 'boolean', bits: 8, mask: 0x01, tfs: YES_NO, description: 'Set while the topology is changing: switches then forget learned addresses sooner.', rfc: STD },
  'root.prio': { label: 'Root Bridge Priority', type: 'uint16', description: 'The root bridge\'s priority: the lowest priority (then the lowest address) wins the election.', rfc: STD },
  'root.ext': { label: 'Root Bridge System ID Extension', type: 'uint16', description: 'The VLAN (or instance) the root bridge\'s identifier is for.', rfc: STD },
  'root.hw': { label: 'Root Bridge System ID', type: 'ether', description: 'The root bridge\'s MAC address.', rfc: STD },
  'root.cost': { label: 'Root Path Cost', type: 'uint32', description: 'How far the sender is from the root: the sum of its ports\' costs on the way (0: it is the root).', rfc: STD },
  'bridge.prio': { label: 'Bridge Priority', type: 'uint16', description: 'The sending bridge\'s priority.', rfc: STD },
  'bridge.ext': { label: 'Bridge System ID Extension', type: 'uint16', description: 'The VLAN (or instance) the sender\'s identifier is for.', rfc: STD },
  'bridge.hw': { label: 'Bridge System ID', type: 'ether', description: 'The sending bridge\'s MAC address.', rfc: STD },
  port: { label: 'Port identifier', type: 'uint16', base: 'hex', description: 'The sending port: its priority (upper bits) and number.', rfc: STD },
  msg_age: { label: 'Message Age', type: 'double', format: seconds, description: 'How old the root\'s information is, in seconds: each bridge on the way adds to it.', rfc: STD },
  max_age: { label: 'Max Age', type: 'double', format: seconds, description: 'When the root\'s information is this old (seconds), a bridge discards it and the tree is computed again.', rfc: STD },
  hello: { label: 'Hello Time', type: 'double', format: seconds, description: 'How often the root sends configuration BPDUs, in seconds.', rfc: STD },
  forward: { label: 'Forward Delay', type: 'double', format: seconds, description: 'How long a port listens, then learns, before it forwards frames, in seconds.', rfc: STD },
});

const N = defineMessages('stp.narrative', {
  configuration: 'Spanning tree: this bridge believes {root} is the root, {cost} away; switches agree on one tree so that no loop forms',
  tcn: 'Spanning tree: a bridge tells the root the topology changed',
});

/** A bridge identifier: priority (4 bits), system ID extension (12 bits), MAC address. */
function addBridgeId(b: LayerBuilder, prio: FieldSpec, ext: FieldSpec, hw: FieldSpec, at: number): void {
  const v = b.u16(at);
  // tshark gives the priority the first byte only.
  b.add(null, prio, at, 1, v & 0xf000);
  b.add(null, ext, at, 2, v & 0x0fff);
  b.address(null, hw, at + 2);
}

/** A timer, in 1/256 seconds. */
function addTimer(b: LayerBuilder, spec: FieldSpec, at: number): void {
  b.add(null, spec, at, 2, b.u16(at) / 256);
}

const CONFIG_LENGTH = 35;

export const stp: ProtocolModule = {
  place: { protocol: 'stp', osi: 2, tcpip: 'link' },
  name: 'STP',
  fields: F,
  registrations: [{ table: 'llc.dsap', keys: [0x42] }],
  dissect(b, ctx, end) {
    const at = b.start;
    b.title = 'Spanning Tree Protocol';
    ctx.columns.protocol = 'STP';
    if (b.uint(null, F.protocol, at) < 0 || b.uint(null, F.version, at + 2) < 0) return undefined;
    const type = b.uint(null, F.type, at + 3);
    if (type < 0) return undefined;
    if (type === 0x80) {
      ctx.columns.info.set('Topology Change Notification');
      return b.next('stp.rest', at + 4, end);
    }
    if (!b.need(F.flags, at + 4, CONFIG_LENGTH - 4)) return undefined;
    const flags: Field = b.add(null, F.flags, at + 4, 1, b.u8(at + 4));
    b.bits(flags, F['flags.tcack'], at + 4);
    b.bits(flags, F['flags.tc'], at + 4);
    addBridgeId(b, F['root.prio'], F['root.ext'], F['root.hw'], at + 5);
    b.uint(null, F['root.cost'], at + 13);
    addBridgeId(b, F['bridge.prio'], F['bridge.ext'], F['bridge.hw'], at + 17);
    b.uint(null, F.port, at + 25);
    addTimer(b, F.msg_age, at + 27);
    addTimer(b, F.max_age, at + 29);
    addTimer(b, F.hello, at + 31);
    addTimer(b, F.forward, at + 33);
    const root = b.u16(at + 5);
    ctx.columns.info.set(`${type === 0x02 ? 'RST' : 'Conf'}. ${b.u8(at + 4) & 1 ? 'TC + ' : ''}Root = ${root & 0xf000}/${root & 0x0fff}/${macAddress(b.frame.bytes, at + 7)}  Cost = ${b.u32(at + 13)}  Port = ${hexNumber(b.u16(at + 25), 4)}`);
    return b.next('stp.rest', at + CONFIG_LENGTH, end);
  },
  narrative(r) {
    const root = r.show(F['root.hw']);
    if (!root) return [{ id: N.tcn.id }];
    return [{ id: N.configuration.id, params: { root, cost: r.number(F['root.cost']) ?? '?' } }];
  },
};
