// The Socket Lab's connection as a ladder, beside its steps: the client's timeline on the left
// (A), the server's on the right (B). Each step's packets of the connection are arrows (placed by
// ladder-layout.ts, each with the inferred states where they change), each named by what caused
// it; after them a line for the step itself (its call, on the caller's timeline) with the state the
// kernel reported for each side's socket after the step, written where it changes, beside the
// inferred ones but dashed. So listen()'s LISTEN shows though no packet says so, and the TIME-WAIT
// the kernel keeps after close() shows with its timer.

import type { LabKernelSocketView, LabPacketView, LabSideName, LabStepView, LadderPacket } from '../../../electron/service/contract.js';
import { say } from '../../../electron/text/catalog.js';
import { HEADER_HEIGHT, ROW_HEIGHT, layoutLadder, type LadderLayout, type LadderRowInput } from './ladder-layout.js';
import { LAB_TEXT as T } from './lab-text.js';

/** Average advances of the kernel label's two lines (9px and 10px bold). */
const CAPTION_CHAR_PX = 5.2;
const STATE_CHAR_PX = 6.4;
const KERNEL_HEIGHT = 26;

/** One TCP connection of the lab: the client's and the server's "address:port" ('' while unknown). */
export interface LabConnection {
  client: string;
  server: string;
}

/** The connections of the lab in the order they appeared (from its packets and the kernel's tables); a lab not yet connected has one waiting, the server's. */
export function labConnections(steps: readonly LabStepView[], port: number): LabConnection[] {
  const found = new Map<string, LabConnection>();
  const add = (client: string, server: string) => {
    const key = `${client} ${server}`;
    if (!found.has(key)) found.set(key, { client, server });
  };
  for (const step of steps) {
    for (const p of step.packets) if (p.tcp) p.sender === 'client' ? add(p.tcp.src, p.tcp.dst) : add(p.tcp.dst, p.tcp.src);
    for (const k of step.kernel) {
      if (k.protocol !== 'tcp' || k.remotePort === 0) continue;
      const side = k.owner?.side ?? (k.localPort === port ? 'server' : 'client');
      const local = endpoint(k.localAddress, k.localPort);
      const remote = endpoint(k.remoteAddress, k.remotePort);
      if (side === 'client') add(local, remote);
      else add(remote, local);
    }
  }
  return found.size ? [...found.values()] : [{ client: '', server: endpoint('127.0.0.1', port) }];
}

function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** The kernel's socket for one side of a connection (its own address and port, and the peer's), and that side's listening socket. */
export function kernelSocketsOf(kernel: readonly LabKernelSocketView[], own: string, peer: string): { connected?: LabKernelSocketView; listening?: LabKernelSocketView } {
  if (!own) return {};
  const tcp = kernel.filter((k) => k.protocol === 'tcp' && endpoint(k.localAddress, k.localPort) === own);
  return { connected: tcp.find((k) => endpoint(k.remoteAddress, k.remotePort) === peer), listening: tcp.find((k) => k.state === 'LISTEN') };
}

export interface PlacedCause {
  number: number;
  /** The call that sent the packet ("connect()"), or whose kernel did. */
  text: string;
  /** The lab's annotation of the packet, in full. */
  title: string;
  cause: 'call' | 'kernel';
  x: number;
  y: number;
  anchor: 'start' | 'end';
}

export interface PlacedStepLine {
  step: number;
  side: LabSideName;
  /** "4 listen()", with the errno when it failed. */
  text: string;
  ok: boolean;
  rowY: number;
  x: number;
  y: number;
  anchor: 'start' | 'end';
}

export interface PlacedKernelState {
  side: 'a' | 'b';
  step: number;
  state: string;
  /** Whether the packets so far say the same of this side (a kernel's TIME-WAIT the packets foretold, or LISTEN that no packet shows). */
  agrees: boolean;
  /** TIME-WAIT: seconds left when the table was read, and when that was (ms since the epoch). */
  timeWait?: { seconds: number; readAt: number };
  caption: string;
  title: string;
  x: number;
  y: number;
  width: number;
  height: number;
  textX: number;
  captionY: number;
  stateY: number;
}

export interface LabLadderLayout {
  ladder: LadderLayout;
  causes: PlacedCause[];
  steps: PlacedStepLine[];
  kernel: PlacedKernelState[];
  /** Height of the ladder's body (below its header). */
  height: number;
}

/**
 * The lab's ladder for `connection` after `steps`. The body is drawn under a separate header
 * (the endpoints' names stay in view as it scrolls), so rows start at 0: ladder-layout.ts's
 * rows are scrolled by the header's height.
 */
export function layoutLabLadder(steps: readonly LabStepView[], connection: LabConnection, width: number): LabLadderLayout {
  const rows: LadderRowInput[] = [];
  const lines: { step: LabStepView; index: number }[] = [];
  const packetStep = new Map<number, { packet: LabPacketView; step: LabStepView }>();
  let start: number | undefined;
  let index = 0;
  for (const step of steps) {
    for (const packet of step.packets) {
      const arrow = packet.tcp && arrowOf(packet, connection);
      if (!arrow) continue;
      start ??= packet.tcp!.time;
      rows.push({ index: index++, packet: { ...arrow, number: packet.number, time: packet.tcp!.time - start } });
      packetStep.set(packet.number, { packet, step });
    }
    lines.push({ step, index: index++ });
  }
  const ladder = layoutLadder({ rows, total: index, width, height: HEADER_HEIGHT + index * ROW_HEIGHT, scrollTop: HEADER_HEIGHT });
  const causes = ladder.arrows.map((arrow): PlacedCause => {
    const { packet, step } = packetStep.get(arrow.number)!;
    const fromA = arrow.direction === 'AtoB';
    return {
      number: arrow.number,
      text: packet.cause === 'call' ? `${step.call.call}()` : say(T.sent_by_kernel, { side: packet.sender }),
      title: packet.comment,
      cause: packet.cause,
      x: fromA ? arrow.x1 + 6 : arrow.x1 - 6,
      y: arrow.y1 - 4,
      anchor: fromA ? 'start' : 'end',
    };
  });
  const y = (i: number) => i * ROW_HEIGHT;
  const placedSteps = lines.map(({ step, index: i }): PlacedStepLine => {
    const onA = step.side === 'client';
    const lane = onA ? ladder.laneA : ladder.laneB;
    return {
      step: step.index,
      side: step.side,
      text: `${step.index} ${step.call.call}()${step.ok ? '' : ` ${step.error ?? ''}`}`.trimEnd(),
      ok: step.ok,
      rowY: y(i),
      x: onA ? lane + 8 : lane - 8,
      y: y(i) + ROW_HEIGHT / 2 + 4,
      anchor: onA ? 'start' : 'end',
    };
  });
  return { ladder, causes, steps: placedSteps, kernel: kernelStates(lines, rows, connection, ladder, y), height: index * ROW_HEIGHT + 16 };
}

/** The packet as an arrow of `connection`, client to server being A to B; undefined when it is another connection's. */
function arrowOf(packet: LabPacketView, connection: LabConnection): Omit<LadderPacket, 'number' | 'time'> | undefined {
  const { src, dst, time: _time, ...arrow } = packet.tcp!;
  if (src === connection.client && dst === connection.server) return { ...arrow, direction: 'AtoB' };
  if (src === connection.server && dst === connection.client) return { ...arrow, direction: 'BtoA' };
  return undefined;
}

/** Each side's kernel state after each step, where it changes; CLOSED once its socket is gone (RFC 9293: no connection state at all). */
function kernelStates(
  lines: { step: LabStepView; index: number }[],
  rows: LadderRowInput[],
  connection: LabConnection,
  ladder: LadderLayout,
  y: (i: number) => number,
): PlacedKernelState[] {
  const placed: PlacedKernelState[] = [];
  const shown: Record<'a' | 'b', string | undefined> = { a: undefined, b: undefined };
  const inferred: Record<'a' | 'b', string | undefined> = { a: undefined, b: undefined };
  const joined = { a: false, b: false };
  let row = 0;
  for (const { step, index } of lines) {
    // The inferred states after the step's packets.
    for (; row < rows.length && rows[row].index < index; row++) {
      const p = rows[row].packet;
      const fromA = p.direction === 'AtoB';
      inferred.a = (fromA ? p.senderState : p.receiverState) ?? inferred.a;
      inferred.b = (fromA ? p.receiverState : p.senderState) ?? inferred.b;
    }
    for (const side of ['a', 'b'] as const) {
      const own = side === 'a' ? connection.client : connection.server;
      const peer = side === 'a' ? connection.server : connection.client;
      // A server's side is its listening socket until the connection exists; once the
      // connection's socket is gone, the side is CLOSED (though the server may still listen).
      const { connected, listening } = kernelSocketsOf(step.kernel, own, peer);
      if (connected) joined[side] = true;
      const socket = connected ?? (joined[side] ? undefined : listening);
      const state = socket?.state ?? (shown[side] !== undefined ? 'CLOSED' : undefined);
      if (state === undefined || state === shown[side]) continue;
      shown[side] = state;
      const timeWait = socket?.timeWaitSeconds !== undefined ? { seconds: socket.timeWaitSeconds, readAt: step.kernelReadAt } : undefined;
      const caption = timeWait ? say(T.ladder_kernel_left, { seconds: Math.round(timeWait.seconds) }) : say(T.ladder_kernel);
      const width = Math.ceil(Math.max(state.length * STATE_CHAR_PX, caption.length * CAPTION_CHAR_PX)) + 10;
      const lane = side === 'a' ? ladder.laneA : ladder.laneB;
      // Outside the timeline, where the inferred states are (kept inside the figure).
      const x = side === 'a' ? Math.max(2, lane - 5 - width) : Math.min(lane + 5, ladder.width - 2 - width);
      const top = y(index) + (ROW_HEIGHT - KERNEL_HEIGHT) / 2;
      placed.push({
        side,
        step: step.index,
        state,
        agrees: inferred[side] === state,
        timeWait,
        caption,
        title: say(T.ladder_kernel_title, { side: side === 'a' ? 'client' : 'server', index: step.index, state }),
        x,
        y: top,
        width,
        height: KERNEL_HEIGHT,
        textX: x + width / 2,
        captionY: top + 10,
        stateY: top + 22,
      });
    }
  }
  return placed;
}
