// What the user added to a capture's packets: comments written, changed or deleted (over the
// ones the file has), marks (Ctrl+M) and ignored packets (Ctrl+D), as Wireshark keeps them. Kept beside the capture, never
// in it, until the capture is saved: then the comments go into the file as pcapng packet comments.

import { MAX_COMMENT_LENGTH, MAX_COMMENTS_PER_PACKET } from './contract-validation.js';

/** Packets with a changed comment at most: every comment is the user's typing. */
export const MAX_CHANGED_COMMENTS = 100_000;

export class PacketAnnotations {
  /** Comments set by the user, by packet number: all of the packet's (none deletes the file's own). */
  private readonly comments = new Map<number, readonly string[]>();
  private readonly marked = new Set<number>();
  private readonly ignored = new Set<number>();

  /** The packet's comments as the user sees them now: theirs, else the file's; undefined for none. */
  commentsOf(number: number, fromFile: readonly string[] | undefined): readonly string[] | undefined {
    const set = this.comments.get(number);
    if (set === undefined) return fromFile;
    return set.length === 0 ? undefined : set;
  }

  /** Whether the user changed packet `number`'s comment (set or deleted). */
  hasChangedComment(number: number): boolean {
    return this.comments.has(number);
  }

  /** Sets packet `number`'s comments, all of them (none deletes them); empty ones are left out. */
  setComments(number: number, comments: readonly string[]): void {
    if (comments.length > MAX_COMMENTS_PER_PACKET) throw new Error(`A packet may have at most ${MAX_COMMENTS_PER_PACKET} comments, not ${comments.length}`);
    for (const text of comments) {
      if (text.length > MAX_COMMENT_LENGTH) throw new Error(`A comment may have at most ${MAX_COMMENT_LENGTH.toLocaleString('en-US')} characters, not ${text.length.toLocaleString('en-US')}`);
    }
    if (!this.comments.has(number) && this.comments.size >= MAX_CHANGED_COMMENTS) throw new Error(`At most ${MAX_CHANGED_COMMENTS.toLocaleString('en-US')} packets' comments can be changed before saving`);
    this.comments.set(number, comments.filter((c) => c.trim() !== ''));
  }

  /** The comments the user changed, for writing the capture: packet number → its comments (none to remove). */
  changedComments(): ReadonlyMap<number, readonly string[]> {
    return this.comments;
  }

  isMarked(number: number): boolean {
    return this.marked.has(number);
  }

  mark(numbers: readonly number[], marked: boolean): void {
    for (const n of numbers) {
      if (marked) this.marked.add(n);
      else this.marked.delete(n);
    }
  }

  get markedCount(): number {
    return this.marked.size;
  }

  markedNumbers(): number[] {
    return [...this.marked].sort((a, b) => a - b);
  }

  isIgnored(number: number): boolean {
    return this.ignored.has(number);
  }

  ignore(numbers: readonly number[], ignored: boolean): void {
    for (const n of numbers) {
      if (ignored) this.ignored.add(n);
      else this.ignored.delete(n);
    }
  }

  get ignoredCount(): number {
    return this.ignored.size;
  }
}
