// Columns of numbers that grow as rows are added: what a protocol remembers per message across a
// capture (DNS transactions, HTTP exchanges) kept as typed arrays instead of an object per row,
// so the packet list of a million packets keeps a few bytes a row and nothing for the collector.

/** A column of 32-bit integers; rows never set read as 0. */
export class Int32Column {
  private data = new Int32Array(256);

  at(i: number): number {
    return i < this.data.length ? this.data[i] : 0;
  }

  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const grown = new Int32Array(Math.max(this.data.length * 2, i + 1));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[i] = v;
  }
}

/** A column of numbers (whole seconds since 1970 do not fit 32 bits); rows never set read as 0. */
export class Float64Column {
  private data = new Float64Array(256);

  at(i: number): number {
    return i < this.data.length ? this.data[i] : 0;
  }

  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const grown = new Float64Array(Math.max(this.data.length * 2, i + 1));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[i] = v;
  }
}
