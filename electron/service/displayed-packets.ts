// The packets a display filter lets through, as the packet list shows them: their numbers in order
// (a growable typed array: a million matches cost 4 MB), and how far the filter has got.

import { sortedIndexOf } from '../analysis/sorted-numbers.js';
import type { DisplayFilter } from '../filter/display-filter.js';

export class DisplayedPackets {
  private numbers = new Int32Array(1024);
  /** How many packets are displayed. */
  size = 0;
  /** Packets 1..checked have been tested. */
  checked = 0;

  constructor(readonly filter: DisplayFilter) {}

  get text(): string {
    return this.filter.text;
  }

  add(number: number): void {
    if (this.size === this.numbers.length) {
      const grown = new Int32Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[this.size++] = number;
  }

  /** The numbers of the packets shown, in order (a view: valid until more are added). */
  shown(): Int32Array {
    return this.numbers.subarray(0, this.size);
  }

  /** The packet number shown at 0-based list position `index`. */
  numberAt(index: number): number {
    return this.numbers[index];
  }

  /** Where packet `number` is in the list, or null when the filter hides it (or has not got to it). */
  indexOf(number: number): number | null {
    const index = sortedIndexOf(this.numbers, this.size, number);
    return index < 0 ? null : index;
  }
}
