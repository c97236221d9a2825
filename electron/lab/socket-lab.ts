// A Socket Lab session: a client and a server side (each its own process making real socket calls
// on loopback), a capture of the lab's port, and after every call the kernel's socket table. Each
// step records the call, its real result or errno, the packets it caused (and those the kernels
// sent on their own meanwhile), the kernel's sockets after it, and one sentence saying what
// happened and why.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabSide, type CallOutcome, type LabCall } from './lab-side.js';
import { LabCapture, type LabCaptureProblem, type LabPacket } from './lab-capture.js';
import { writeLabCapture } from './lab-capture-file.js';
import { readKernelSockets, type KernelSocket } from './kernel-sockets.js';
import { CallCodeWriter, type CallCode } from './call-code.js';
import { explainStep, type StepContext } from './step-explanation.js';
import { formatLabMessage, type LabMessage } from './lab-messages.js';
import { dissectFrame } from '../dissect/frame-dissector.js';
import { DissectState } from '../dissect/dissect-state.js';
import { findField, type Layer } from '../dissect/field-model.js';
import { ladderArrow } from '../service/conversation-ladder.js';
import type { LabPacketView, LabSideName } from '../service/contract.js';

export type { LabSideName };

/** A lab session's length at most: a scenario has a dozen steps; this bounds what a page can pile up. */
export const MAX_LAB_STEPS = 500;

/** A packet of the lab, and who sent it because of what (the contract's view of it). */
export type LabPacketNote = LabPacketView;

/** A kernel socket of the lab, with the program socket it belongs to (none: only the kernel holds it). */
export interface LabKernelSocket extends KernelSocket {
  owner?: { side: LabSideName; socket: string };
}

export interface LabStep {
  /** 1-based. */
  index: number;
  side: LabSideName;
  call: LabCall;
  code: CallCode;
  outcome: CallOutcome;
  packets: LabPacketNote[];
  kernel: LabKernelSocket[];
  /** When the kernel's table was read (ms since the epoch): TIME-WAIT timers count from then. */
  kernelReadAt: number;
  explanation: LabMessage;
}

/** What the lab knows of one program socket: enough to find it in the kernel's table. */
interface LabSocketInfo {
  side: LabSideName;
  socket: string;
  inode: number;
  type: 'SOCK_STREAM' | 'SOCK_DGRAM';
  localPort?: number;
  remotePort?: number;
  listening: boolean;
}

export interface SocketLabOptions {
  /** The server's port; a free one by default. */
  port?: number;
  /** Capture the lab's packets (default true); without permission the lab goes on without them. */
  capture?: boolean;
  /** How long to let packets and kernel state settle after a call (ms, default 60). */
  settleMs?: number;
  /** Run the capture helper through this wrapper (e.g. setpriv as another user): tests of refusal. */
  captureWrapper?: string[];
  /**
   * A private folder of the capturing user for the lab's capture file (the helper writes only into
   * such a folder); a new one by default, removed with the lab either way.
   */
  scratchDirectory?: string;
}

/** A port nothing listens on right now, from the kernel's ephemeral range. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// In Wireshark's order (lowest bit first), as its info column lists them: [FIN, ACK], [SYN, ACK].
const TCP_FLAG_NAMES: [string, number][] = [['FIN', 0x01], ['SYN', 0x02], ['RST', 0x04], ['PSH', 0x08], ['ACK', 0x10]];

export class SocketLab {
  readonly steps: LabStep[] = [];
  readonly packets: LabPacketNote[] = [];
  /** What the sockets each side holds are, as the kernel knows them (inode, addresses). */
  private readonly socketInfo = new Map<string, LabSocketInfo>();
  private readonly ports: Set<number>;
  private readonly dissectState = new DissectState();
  private readonly code = new CallCodeWriter();
  private closed = false;

  private constructor(
    readonly port: number,
    private readonly sides: Record<LabSideName, LabSide>,
    private readonly capture: LabCapture | undefined,
    private readonly scratch: string,
    private readonly settleMs: number,
  ) {
    this.ports = new Set([port]);
  }

  static async open(options: SocketLabOptions = {}): Promise<SocketLab> {
    const port = options.port ?? (await freePort());
    const scratch = options.scratchDirectory ?? mkdtempSync(join(tmpdir(), 'layerscope-lab-'));
    const capture = options.capture === false ? undefined : await LabCapture.start(port, join(scratch, 'lab.pcapng'), options.captureWrapper);
    const lab = new SocketLab(port, { client: new LabSide('client'), server: new LabSide('server') }, capture, scratch, options.settleMs ?? 60);
    return lab;
  }

  /** Why the lab shows no packets, when it cannot capture. */
  get captureProblem(): LabCaptureProblem | undefined {
    return this.capture?.problem;
  }

  /** The capture's link type and snap length, for saving (undefined without a capture). */
  get captureInterface() {
    return this.capture?.interface;
  }

  /** The lab's packets as captured, for saving with their comments. */
  get capturedPackets(): readonly LabPacket[] {
    return this.capture?.packets ?? [];
  }

  /** Performs one call on one side, then waits for the wire and the kernel to settle. */
  async perform(side: LabSideName, call: LabCall): Promise<LabStep> {
    if (this.closed) throw new Error('The lab is closed');
    if (this.steps.length >= MAX_LAB_STEPS) throw new Error(`The lab holds at most ${MAX_LAB_STEPS} steps: start it again to go on`);
    // What the socket was before the call (close() forgets nothing, but explains by the old state).
    const before = this.contextOf(side, call);
    const outcome = await this.sides[side].perform(call);
    this.learnSockets(side, call, outcome);
    const context = call.call === 'close' ? before : this.contextOf(side, call);
    const fresh = this.capture ? await this.capture.takeNew(this.settleMs) : await new Promise<LabPacket[]>((r) => setTimeout(r, this.settleMs, []));
    const observed = {
      side,
      call,
      outcome,
      packets: fresh.map((p) => this.note(p, side, call.call)),
      kernel: this.kernelSockets(),
      kernelReadAt: Date.now(),
    };
    const step: LabStep = {
      index: this.steps.length + 1,
      ...observed,
      code: this.code.write(side, call, outcome),
      explanation: explainStep(observed, context),
    };
    this.steps.push(step);
    this.packets.push(...step.packets);
    return step;
  }

  /** Whether `port` is the server's or a local port of one of the lab's own sockets. */
  ownsPort(port: number): boolean {
    return this.ports.has(port);
  }

  /** The kernel's sockets on the lab's ports now, each with the lab socket that holds it. */
  kernelSockets(): LabKernelSocket[] {
    const owners = new Map<number, { side: LabSideName; socket: string }>();
    for (const info of this.socketInfo.values()) if (info.inode) owners.set(info.inode, { side: info.side, socket: info.socket });
    return readKernelSockets(this.ports).map((k) => {
      const owner = k.inode ? owners.get(k.inode) : undefined;
      return owner ? { ...k, owner } : { ...k };
    });
  }

  /** The lab's packets as a pcapng file, each with its annotation as its comment; empty without a capture. */
  captureFile(): Buffer {
    const iface = this.capture?.interface;
    if (!iface) return Buffer.alloc(0);
    const path = join(this.scratch, `export-${Date.now()}.pcapng`);
    try {
      writeLabCapture(path, iface, this.capturedPackets, this.packets);
      return readFileSync(path);
    } finally {
      rmSync(path, { force: true });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.sides.client.close(), this.sides.server.close(), this.capture?.stop()]);
    rmSync(this.scratch, { recursive: true, force: true });
  }

  private learnSockets(side: LabSideName, call: LabCall, outcome: CallOutcome): void {
    if (!outcome.ok) return;
    const value = (outcome.value && typeof outcome.value === 'object' ? outcome.value : {}) as { socket?: string; inode?: number; local?: [string, number]; remote?: [string, number] };
    const handle = value.socket ?? (call.socket as string | undefined);
    if (!handle) return;
    const key = `${side}:${handle}`;
    const known = this.socketInfo.get(key);
    const info: LabSocketInfo = known && call.call !== 'accept'
      ? { ...known }
      : { side, socket: handle, inode: 0, type: call.call === 'socket' && call.type === 'SOCK_DGRAM' ? 'SOCK_DGRAM' : 'SOCK_STREAM', listening: false };
    if (value.inode) info.inode = value.inode;
    if (value.local?.[1]) info.localPort = value.local[1];
    if (value.remote?.[1]) info.remotePort = value.remote[1];
    if (call.call === 'listen') info.listening = true;
    if (info.localPort) this.ports.add(info.localPort);
    this.socketInfo.set(key, info);
  }

  /** What explainStep needs to know of the socket a call was made on. */
  private contextOf(side: LabSideName, call: LabCall): StepContext {
    const info = this.socketInfo.get(`${side}:${String(call.socket)}`);
    return {
      port: this.port,
      socketType: info?.type ?? (call.type === 'SOCK_DGRAM' ? 'SOCK_DGRAM' : 'SOCK_STREAM'),
      localPort: info?.localPort,
      remotePort: info?.remotePort,
      listening: info?.listening ?? false,
    };
  }

  private note(packet: LabPacket, side: LabSideName, callName: string): LabPacketNote {
    const dissected = dissectFrame(
      {
        number: packet.number,
        linkType: this.capture?.interface?.linkType ?? 1,
        data: packet.data,
        originalLength: packet.originalLength,
        seconds: packet.seconds,
        nanos: packet.nanos,
        relativeTime: 0,
        interfaceId: 0,
      },
      { detail: true, state: this.dissectState },
    );
    const tcp = dissected.layers.find((l) => l.protocol === 'tcp');
    const udp = dissected.layers.find((l) => l.protocol === 'udp');
    const flagsField = tcp && findField(tcp.fields, 'tcp.flags');
    const flags = typeof flagsField?.value === 'number' ? flagsField.value : 0;
    const tcpFlags = tcp ? TCP_FLAG_NAMES.filter(([, bit]) => flags & bit).map(([name]) => name) : [];
    const transport = tcp ?? udp;
    const srcPort = transport && findField(transport.fields, `${transport.protocol}.srcport`)?.value;
    // An ICMP error about the lab's port comes from the kernel of the side that was not there.
    const sender: LabSideName = transport ? (srcPort === this.port ? 'server' : 'client') : side === 'client' ? 'server' : 'client';
    // Nothing else happens between steps, so what the calling side sends until the next step is
    // the call's doing (connect()'s SYN and, once it returns, its ACK); the other side's packets
    // are its kernel answering. (Capture time stamps can lag the call, so time does not decide.)
    const cause: 'call' | 'kernel' = sender === side ? 'call' : 'kernel';
    const comment = formatLabMessage(cause === 'call' ? { id: 'lab.packet.byCall', params: { side, call: callName } } : { id: 'lab.packet.byKernel', params: { sender, side, call: callName } });
    const view: LabPacketNote = { number: packet.number, sender, cause, protocol: dissected.summary.protocol, info: dissected.summary.info, tcpFlags, comment };
    if (tcp) view.tcp = { ...ladderArrow(dissected.layers, 'tcp'), ...endpointsOf(dissected.layers), time: packet.seconds + packet.nanos / 1e9 };
    return view;
  }
}

/** A TCP packet's sender and receiver as "address:port" (an IPv6 address in brackets), from its innermost IP and TCP layers. */
function endpointsOf(layers: readonly Layer[]): { src: string; dst: string } {
  const ip = [...layers].reverse().find((l) => l.protocol === 'ip' || l.protocol === 'ipv6');
  const tcp = [...layers].reverse().find((l) => l.protocol === 'tcp');
  const at = (end: 'src' | 'dst') => {
    const address = ip ? String(findField(ip.fields, `${ip.protocol}.${end}`)?.value ?? '') : '';
    const port = tcp ? String(findField(tcp.fields, `tcp.${end}port`)?.value ?? '') : '';
    return ip?.protocol === 'ipv6' ? `[${address}]:${port}` : `${address}:${port}`;
  };
  return { src: at('src'), dst: at('dst') };
}
