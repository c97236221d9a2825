// Lines of text on the wire, as text protocols (HTTP/1.x) send them: printable characters ended
// by CR LF (RFC 9112 §2.2). The header diagram draws such a protocol line by line, showing the
// characters themselves with the control ones made visible.

const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;

/** Longest text written for one box: beyond it the box could not show more anyway. */
const MAX_VISIBLE_CHARS = 256;

function printable(byte: number): boolean {
  return (byte >= 0x20 && byte <= 0x7e) || byte === TAB;
}

/** Whether bytes [start, end) are one line: at least one printable character, then CR LF, nothing else. */
export function isTextLine(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start < 3 || end > bytes.length || bytes[end - 2] !== CR || bytes[end - 1] !== LF) return false;
  for (let i = start; i < end - 2; i++) if (!printable(bytes[i])) return false;
  return true;
}

/**
 * Bytes [start, end) as characters: CR, LF and tab written as Wireshark's tree writes them
 * ("\r\n", "\t"), a space on its own as "SP" (the grammar's name; alone it would look like
 * nothing), any other non-printable byte as "·".
 */
export function visibleText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start === 1 && bytes[start] === 0x20) return 'SP';
  const stop = Math.min(end, bytes.length, start + MAX_VISIBLE_CHARS);
  let out = '';
  for (let i = start; i < stop; i++) {
    const b = bytes[i];
    if (b === CR) out += '\\r';
    else if (b === LF) out += '\\n';
    else if (b === TAB) out += '\\t';
    else out += printable(b) ? String.fromCharCode(b) : '·';
  }
  return stop < end ? out + '…' : out;
}
