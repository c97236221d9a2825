// How values are written for display, matching the text Wireshark shows (PDML `show`).

/** "0a1b2c": bytes as plain lowercase hex. */
export function plainHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

/** "0a:1b:2c": bytes as colon-separated hex (Wireshark's display of byte fields and MACs). */
export function colonHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (i ? ':' : '') + HEX[bytes[i]];
  return s;
}

/** "0x0800": a number as 0x-prefixed hex padded to `digits`. */
export function hexNumber(value: number, digits: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(digits, '0');
}

/** The MAC address at `offset`. */
export function macAddress(bytes: Uint8Array, offset: number): string {
  return colonHex(bytes.subarray(offset, offset + 6));
}

/** The IPv4 address at `offset`, dotted decimal. */
export function ipv4Address(bytes: Uint8Array, offset: number): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** The IPv6 address at `offset`, in RFC 5952 form (longest run of zero groups as "::"). */
export function ipv6Address(bytes: Uint8Array, offset: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((bytes[offset + 2 * i] << 8) | bytes[offset + 2 * i + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number) => g.toString(16);
  // IPv4-mapped addresses (::ffff:a.b.c.d) are shown with the IPv4 part dotted, as Wireshark does.
  if (bestStart === 0 && bestLen === 5 && groups[5] === 0xffff) {
    return `::ffff:${ipv4Address(bytes, offset + 12)}`;
  }
  if (bestStart < 0) return groups.map(hex).join(':');
  const head = groups.slice(0, bestStart).map(hex).join(':');
  const tail = groups.slice(bestStart + bestLen).map(hex).join(':');
  return `${head}::${tail}`;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

