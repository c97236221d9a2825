// Bytes of text shown the way Wireshark's format_text shows them in the tree: printable ASCII as
// it is, control characters as C escapes ("\r\n", "\t") or octal ("\001"), bytes beyond ASCII
// decoded as UTF-8 (invalid sequences as U+FFFD). DNS names and HTTP lines are shown this way.

const C_ESCAPES: Readonly<Record<number, string>> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };
const utf8 = new TextDecoder('utf-8');

/** The bytes [from, to) as Wireshark's tree shows text. */
export function formatText(bytes: Uint8Array, from: number, to: number): string {
  let plain = true;
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c < 0x20 || c >= 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) return asciiText(bytes, from, to);
  let text = '';
  for (let i = from; i < to; ) {
    const c = bytes[i];
    if (c >= 0x80) {
      let j = i;
      while (j < to && bytes[j] >= 0x80) j++;
      text += utf8.decode(bytes.subarray(i, j));
      i = j;
      continue;
    }
    if (c < 0x20 || c === 0x7f) text += C_ESCAPES[c] ?? '\\' + c.toString(8).padStart(3, '0');
    else text += String.fromCharCode(c);
    i++;
  }
  return text;
}

/** The bytes [from, to) as a string value: UTF-8 (invalid sequences as U+FFFD), control characters kept. */
export function decodeText(bytes: Uint8Array, from: number, to: number): string {
  for (let i = from; i < to; i++) if (bytes[i] >= 0x80) return utf8.decode(bytes.subarray(from, to));
  return asciiText(bytes, from, to);
}

/** The bytes [from, to) each as the character of its code (Latin-1): no escapes, no decoding. */
export function asciiText(bytes: Uint8Array, from: number, to: number): string {
  // In slices: the argument list of one call is bounded.
  let text = '';
  for (let i = from; i < to; i += 8192) text += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(to, i + 8192)) as unknown as number[]);
  return text;
}
