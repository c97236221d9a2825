// Which packets an export takes, written as Wireshark's Export Specified Packets and editcap take
// them: "1-10,15,20-" (numbers from 1; a range open at the end runs to the last packet). Parsed
// once, then asked per packet number; names of packets the capture does not have are an error the
// caller reports once the capture's size is known.

export class PacketRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PacketRangeError';
  }
}

interface Span {
  first: number;
  /** Infinity for an open end ("20-"). */
  last: number;
}

export class PacketRange {
  private constructor(
    private readonly spans: readonly Span[],
    readonly text: string,
    /** Spans in order without overlap (then a lookup is a binary search: a filter may pick a million). */
    private readonly ordered = false,
  ) {}

  /** Exactly the packets `numbers` lists, in increasing order (what a display filter matched). */
  static ofNumbers(numbers: ArrayLike<number>, text: string): PacketRange {
    const spans: Span[] = [];
    for (let i = 0; i < numbers.length; i++) {
      const n = numbers[i];
      const last = spans[spans.length - 1];
      if (last && n === last.last + 1) last.last = n;
      else if (!last || n > last.last) spans.push({ first: n, last: n });
    }
    return new PacketRange(spans, text, true);
  }

  /** Parses "1-10,15,20-" (spaces allowed around the parts); throws PacketRangeError saying where it is wrong. */
  static parse(text: string): PacketRange {
    if (text.length > 10_000) throw new PacketRangeError(`the packet list is too long (${text.length} characters, at most 10,000)`);
    const spans: Span[] = [];
    let at = 0;
    for (const part of text.split(',')) {
      const item = part.trim();
      const match = /^(\d+)?\s*(-)?\s*(\d+)?$/.exec(item);
      const where = `"${item}" (character ${at + 1} of "${text}")`;
      if (!item || !match || (!match[1] && !match[3]) || (!match[2] && match[3] && !match[1])) {
        throw new PacketRangeError(`${where} is not a packet number or range: write them like 1-10,15,20-`);
      }
      const first = match[1] ? Number(match[1]) : 1;
      const last = match[2] ? (match[3] ? Number(match[3]) : Infinity) : first;
      if (first < 1) throw new PacketRangeError(`${where}: packets are numbered from 1`);
      if (last < first) throw new PacketRangeError(`${where}: the range ends before it starts`);
      spans.push({ first, last });
      at += part.length + 1;
    }
    return new PacketRange(spans, text);
  }

  /** Every packet. */
  static all(): PacketRange {
    return new PacketRange([{ first: 1, last: Infinity }], '1-');
  }

  includes(number: number): boolean {
    if (!this.ordered) {
      for (const s of this.spans) if (number >= s.first && number <= s.last) return true;
      return false;
    }
    let lo = 0;
    let hi = this.spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.spans[mid];
      if (number < s.first) hi = mid - 1;
      else if (number > s.last) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** Whether the range names no packet at all. */
  get empty(): boolean {
    return this.spans.length === 0;
  }

  /** After reading `count` packets: the first number the list names that the capture lacks, if any. */
  missing(count: number): number | undefined {
    let worst: number | undefined;
    for (const s of this.spans) {
      // An open end ("20-") names only what exists; a closed one names each of its packets.
      const absent = s.first > count ? s.first : s.last !== Infinity && s.last > count ? count + 1 : undefined;
      if (absent !== undefined && (worst === undefined || absent < worst)) worst = absent;
    }
    return worst;
  }

  /** Whether any packet past `number` can still be included (so reading can stop early). */
  reachesBeyond(number: number): boolean {
    if (this.ordered) return this.spans.length > 0 && this.spans[this.spans.length - 1].last > number;
    return this.spans.some((s) => s.last > number);
  }
}
