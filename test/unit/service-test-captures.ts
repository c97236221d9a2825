// Captures the service tests make for themselves with scapy: a small TCP conversation, a UDP
// datagram and an ARP exchange, with known timestamps and bytes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CraftedCapture {
  dir: string;
  pcap: string;
  pcapng: string;
  /** The frames as written, hex-encoded, in order. */
  frames: string[];
  /** Arrival times as written (seconds since the epoch). */
  times: number[];
}

const SCRIPT = String.raw`
import json, sys
from scapy.all import Ether, IP, TCP, UDP, ARP, Raw, wrpcap, wrpcapng
out = sys.argv[1]
c, s = '10.0.0.1', '10.0.0.2'
cm, sm = '02:00:00:00:00:01', '02:00:00:00:00:02'
def tcp(src, dst, sport, dport, flags, seq, ack, data=b''):
    smac, dmac = (cm, sm) if src == c else (sm, cm)
    p = Ether(src=smac, dst=dmac)/IP(src=src, dst=dst)/TCP(sport=sport, dport=dport, flags=flags, seq=seq, ack=ack, window=64240)
    return p/Raw(data) if data else p
pkts = [
  Ether(src=cm, dst='ff:ff:ff:ff:ff:ff')/ARP(op=1, hwsrc=cm, psrc=c, pdst=s),
  Ether(src=sm, dst=cm)/ARP(op=2, hwsrc=sm, psrc=s, hwdst=cm, pdst=c),
  tcp(c, s, 40000, 80, 'S', 1000, 0),
  tcp(s, c, 80, 40000, 'SA', 5000, 1001),
  tcp(c, s, 40000, 80, 'A', 1001, 5001),
  tcp(c, s, 40000, 80, 'PA', 1001, 5001, b'GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
  tcp(s, c, 80, 40000, 'A', 5001, 1028),
  Ether(src=cm, dst=sm)/IP(src=c, dst=s)/UDP(sport=40001, dport=9999)/Raw(b'hello'),
]
for i in range(42):
    pkts.append(tcp(c, s, 40000, 80, 'A', 1028, 5001 + i))
pkts.append(tcp(c, s, 40000, 80, 'FA', 1028, 5043))
pkts.append(tcp(s, c, 80, 40000, 'FA', 5043, 1029))
times = []
for i, p in enumerate(pkts):
    p.time = 1700000000 + i * 0.25 + 0.000123
    times.append(float(p.time))
wrpcap(out + '/crafted.pcap', pkts)
wrpcapng(out + '/crafted.pcapng', pkts)
json.dump({'frames': [bytes(p).hex() for p in pkts], 'times': times}, open(out + '/crafted.json', 'w'))
`;

export function craftCapture(): CraftedCapture {
  const dir = mkdtempSync(join(tmpdir(), 'layerscope-service-test-'));
  const run = spawnSync('/usr/bin/python3', ['-c', SCRIPT, dir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`scapy failed: ${run.stderr}`);
  const meta = JSON.parse(readFileSync(join(dir, 'crafted.json'), 'utf8'));
  return { dir, pcap: join(dir, 'crafted.pcap'), pcapng: join(dir, 'crafted.pcapng'), frames: meta.frames, times: meta.times };
}

/** `tshark -r FILE -T fields -e ...`, one array of values per packet. */
export function tsharkFields(file: string, fields: string[]): string[][] {
  const run = spawnSync('tshark', ['-n', '-r', file, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tshark failed on ${file}: ${run.stderr}`);
  return run.stdout.trimEnd().split('\n').filter(Boolean).map((line) => line.split('\t'));
}
