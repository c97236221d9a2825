// UTF-8 encoding of a string straight into a byte array, for the packet list's text: Node's
// encoder costs more to call than a short column takes to encode by hand.

/**
 * Writes `text` from index `from` on into `into` at `at` (room for 3 bytes per remaining code unit
 * must be there) and returns the position after it. A lone surrogate becomes U+FFFD, as every
 * UTF-8 encoder writes it.
 */
export function writeUtf8(text: string, from: number, into: Uint8Array, at: number): number {
  const n = text.length;
  let p = at;
  for (let i = from; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      into[p++] = c;
    } else if (c < 0x800) {
      into[p++] = 0xc0 | (c >> 6);
      into[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          i++;
          into[p++] = 0xf0 | (c >> 18);
          into[p++] = 0x80 | ((c >> 12) & 0x3f);
          into[p++] = 0x80 | ((c >> 6) & 0x3f);
          into[p++] = 0x80 | (c & 0x3f);
          continue;
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      into[p++] = 0xe0 | (c >> 12);
      into[p++] = 0x80 | ((c >> 6) & 0x3f);
      into[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}
