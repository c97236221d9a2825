// Frames crafted with scapy (the script is in the comment of each) and decoded by the real
// dissector, for the renderer's layout tests. Only inputs live here; every expectation is in
// the tests.

import { dissectFrame } from '../../../electron/dissect/frame-dissector.js';
import { DissectState } from '../../../electron/dissect/dissect-state.js';
import type { DissectedPacket } from '../../../electron/dissect/field-model.js';
import { hexBytes } from '../dissection-invariants.js';

export const FRAMES = {
  // Ether()/IP(src='10.0.0.1',dst='10.0.0.2',flags='DF',id=0x1234)/TCP(sport=40000,dport=80,flags='S',
  //   seq=1000,window=64240,options=[MSS 1460, SAckOK, Timestamp (12345,0), NOP, WScale 7])
  tcpSyn:
    '02000000000202000000000108004500003c12344000400614860a0000010a0000029c400050000003e800000000a002faf0685b0000020405b40402080a000030390000000001030307',
  // Ether()/IP(options=[IPOption_RR(routers=['0.0.0.0','0.0.0.0'])])/UDP(sport=5000,dport=6000)/b'hi'
  ipv4Options:
    '02000000000202000000000108004800002a00010000401158b50a0000010a000002070b0400000000000000000013881770000a58766869',
  // Ether()/IPv6(src='fe80::1',dst='ff02::1',hlim=255,fl=0x12345,tc=0xb8)/UDP(sport=40001,dport=9999)/b'abcd'
  ipv6Udp:
    '02000000000202000000000186dd6b812345000c11fffe800000000000000000000000000001ff0200000000000000000000000000019c41270f000c7a3961626364',
  // Ether()/IP()/ICMP(type=8,id=7,seq=1)/b'pingdata'
  icmpEcho: '02000000000202000000000108004500002400010000400166d60a0000010a000002080040640007000170696e6764617461',
  // Ether(dst=broadcast)/ARP(op=1,hwsrc='02:00:00:00:00:01',psrc='10.0.0.1',pdst='10.0.0.2')
  arpRequest: 'ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002',
  // Ether()/IP()/UDP(sport=1234,dport=4321)/b'hello'
  udp: '02000000000202000000000108004500002100010000401166c90a0000010a00000204d210e1000d924c68656c6c6f',
} as const;

export function dissectHex(hex: string): DissectedPacket {
  const data = hexBytes(hex);
  return dissectFrame(
    { number: 1, linkType: 1, data, originalLength: data.length, seconds: 1_700_000_000, nanos: 0, relativeTime: 0, interfaceId: 0 },
    { detail: true, state: new DissectState() },
  );
}
