// One open capture (a file, or a live capture writing its temporary pcapng): the packet index
// built from a summary pass, the dissection state shared by every packet of it, and the file
// the full packets are read back from when the UI asks for one.

import { CaptureFrameInputs, frameInputOf } from '../dissect/record-frame-input.js';
import { dissectFrame, summarizeFrame } from '../dissect/frame-dissector.js';
import { DissectState } from '../dissect/dissect-state.js';
import type { CaptureInterface, PacketRecord } from '../files/packet-record.js';
import type { PacketDetail, PacketRow, SessionSource, SessionStatus } from './contract.js';
import { PacketIndex } from './packet-index.js';
import { CaptureFileRandomAccess } from '../files/capture-file-random-access.js';
import { PacketAnnotations } from './packet-annotations.js';
import type { DissectedPacket } from '../dissect/field-model.js';
import type { DisplayedPackets } from './displayed-packets.js';
import type { ColouringRules } from '../filter/colouring-rules.js';
import { ConversationIndex } from '../analysis/conversation-index.js';
import type { FieldSelection } from '../dissect/field-selection.js';

export class CaptureSession {
  readonly index = new PacketIndex();
  readonly state = new DissectState();
  /** The TCP and UDP conversations, indexed as the packets are listed. */
  readonly conversations = new ConversationIndex();
  readonly warnings: string[] = [];
  /** The packets a display filter shows, or null: all of them. */
  display: DisplayedPackets | null = null;
  capturing = false;
  dropped = 0;
  saved: boolean;
  private interfaces: readonly CaptureInterface[] = [];
  private readonly inputs = new CaptureFrameInputs();
  private randomAccess: CaptureFileRandomAccess | undefined;
  private readonly annotations = new PacketAnnotations();
  /** Comments changed since the capture was last saved. */
  private commentsChanged = false;

  constructor(
    readonly source: SessionSource,
    /** Shown to the user: the file name, or the interface while capturing. */
    readonly name: string,
    /** The capture file the packets are read back from. */
    readonly path: string,
    options: { saved: boolean; temporary?: boolean },
  ) {
    this.saved = options.saved;
    this.temporary = options.temporary ?? false;
    // Reassembly reads a datagram's earlier fragments back when it no longer holds their bytes:
    // through a reader of its own, so that the packet being decoded keeps its bytes.
    this.state.frameBytes = (number) => {
      if (!(number >= 1 && number <= this.index.size)) return undefined;
      this.fragmentAccess ??= new CaptureFileRandomAccess(this.path, this.interfaces);
      return this.fragmentAccess.read(this.index.fileOffset(number), this.index.interfaceId(number)).data.slice();
    };
  }

  /** The reader `state.frameBytes` uses. */
  private fragmentAccess: CaptureFileRandomAccess | undefined;

  /** Whether `path` is a temporary file of ours (an upload, a live capture) to delete afterwards. */
  readonly temporary: boolean;

  status(): SessionStatus {
    return {
      source: this.source,
      name: this.name,
      packetCount: this.index.size,
      capturing: this.capturing,
      dropped: this.dropped,
      warnings: [...this.warnings],
      saved: this.saved,
      ...(this.hasUnsavedChanges() ? { unsavedChanges: true } : {}),
      ...(this.annotations.markedCount ? { marked: this.annotations.markedCount } : {}),
      ...(this.annotations.ignoredCount ? { ignored: this.annotations.ignoredCount } : {}),
      ...(this.index.size > 0 ? { firstPacketTime: { seconds: this.inputs.firstSeconds, nanos: this.inputs.firstNanos } } : {}),
    };
  }

  /** Adds one packet to the index, decoding only its packet-list columns. */
  ingest(record: PacketRecord, interfaces: readonly CaptureInterface[]): void {
    this.interfaces = interfaces;
    const input = this.inputs.next(record, interfaces, this.index.size + 1);
    const time = input.relativeTime;
    const summary = summarizeFrame(input, this.state);
    const columns = summary.columns;
    this.conversations.add(this.index.size + 1, summary.conversation, time, record.originalLength);
    this.index.add({
      fileOffset: record.fileOffset,
      time,
      length: record.originalLength,
      interfaceId: record.interfaceId,
      source: columns.source,
      destination: columns.destination,
      protocol: columns.protocol || summary.topProtocol.toUpperCase(),
      info: columns.info,
      colorKey: summary.topProtocol || 'frame',
      topOsi: summary.topOsi,
      problem: summary.worstProblem,
      fileComment: record.comments !== undefined,
      layers: summary.protocols,
      noted: summary.noted,
    });
  }

  /** Rows [start, start + count) of the list as shown: every packet, or those the display filter lets through. */
  rows(start: number, count: number, colouring?: ColouringRules): { total: number; rows: PacketRow[] } {
    const shown = this.display;
    const rows = shown ? this.displayedRows(shown, start, count) : this.index.rows(start, count);
    if (colouring) {
      // Only the rows asked for are decoded for their rules (a screenful at a time).
      for (const row of rows) {
        if (row.ignored) continue;
        const { packet, bytes } = this.decoded(row.number, false);
        const colour = colouring.colourOf(packet, bytes);
        if (colour) row.colour = { ...colour };
      }
    }
    // The user's comments and marks over the file's.
    for (const row of rows) {
      if (this.annotations.hasChangedComment(row.number)) {
        if (this.annotations.commentsOf(row.number, undefined) === undefined) delete row.commented;
        else row.commented = true;
      }
      if (this.annotations.isMarked(row.number)) row.marked = true;
      if (this.annotations.isIgnored(row.number)) row.ignored = true;
    }
    return { total: shown ? shown.size : this.index.size, rows };
  }

  private displayedRows(shown: DisplayedPackets, start: number, count: number): PacketRow[] {
    const rows: PacketRow[] = [];
    for (let i = start; i < Math.min(shown.size, start + count); i++) rows.push(...this.index.rows(shown.numberAt(i) - 1, 1));
    return rows;
  }

  /** Where packet `number` is in the list as shown, or null when the display filter hides it. */
  rowIndex(number: number): number | null {
    this.index.fileOffset(number); // a packet that exists
    return this.display ? this.display.indexOf(number) : number - 1;
  }

  /** Sets packet `number`'s comments (none deletes them): unsaved until the capture is saved. */
  setComments(number: number, comments: readonly string[]): void {
    this.index.fileOffset(number); // a packet that exists
    this.annotations.setComments(number, comments);
    this.commentsChanged = true;
    this.saved = false;
  }

  mark(numbers: readonly number[], marked: boolean): void {
    for (const n of numbers) this.index.fileOffset(n);
    this.annotations.mark(numbers, marked);
  }

  ignore(numbers: readonly number[], ignored: boolean): void {
    for (const n of numbers) this.index.fileOffset(n);
    this.annotations.ignore(numbers, ignored);
  }

  isIgnored(number: number): boolean {
    return this.annotations.isIgnored(number);
  }

  get ignoredCount(): number {
    return this.annotations.ignoredCount;
  }

  /** The marked packets' numbers, in order. */
  markedNumbers(): number[] {
    return this.annotations.markedNumbers();
  }

  /** The comments the user changed, to write into a saved copy (packet number → its comments). */
  changedComments(): ReadonlyMap<number, readonly string[]> {
    return this.annotations.changedComments();
  }

  /** Closing now would lose something: comments not saved, or captured packets not saved anywhere. */
  private hasUnsavedChanges(): boolean {
    return this.commentsChanged || (this.source === 'live' && !this.saved && this.index.size > 0);
  }

  /** The capture was saved with everything the user changed. */
  savedNow(): void {
    this.saved = true;
    this.commentsChanged = false;
  }

  /** Packet `number`'s record, read back from the file (its data valid until the next read). */
  private record(number: number): PacketRecord {
    const offset = this.index.fileOffset(number);
    this.randomAccess ??= new CaptureFileRandomAccess(this.path, this.interfaces);
    return this.randomAccess.read(offset, this.index.interfaceId(number));
  }

  /** Packet `number`'s captured bytes, not decoded (valid until the next read). */
  bytes(number: number): Uint8Array {
    return this.record(number).data;
  }

  /**
   * Reads packet `number` back from the file and decodes it in full (its bytes valid until the
   * next read); without `texts`, the fields' texts are left empty (a display filter reads values),
   * and `fields` may leave out all but the fields it reads.
   */
  decoded(number: number, texts = true, protocols?: ReadonlySet<string>, fields?: FieldSelection): { packet: DissectedPacket; bytes: Uint8Array } {
    const record = this.record(number);
    const input = frameInputOf(record, this.interfaces, number, this.index.time(number));
    input.comments = this.annotations.commentsOf(number, record.comments);
    return { packet: dissectFrame(input, { detail: true, texts, protocols, fields, state: this.state }), bytes: record.data };
  }

  /** The packet's comments as the page shows them (the user's over the file's), if any. */
  commentsOf(number: number): readonly string[] | undefined {
    return this.annotations.commentsOf(number, this.record(number).comments);
  }

  /** Packet `number` in full, with its bytes, as the page shows it. */
  packet(number: number): PacketDetail {
    const { packet, bytes } = this.decoded(number);
    return { packet, bytesHex: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') };
  }

  /** Idempotent: the random-access file is closed once and forgotten. */
  close(): void {
    this.randomAccess?.close();
    this.randomAccess = undefined;
    this.fragmentAccess?.close();
    this.fragmentAccess = undefined;
  }
}
