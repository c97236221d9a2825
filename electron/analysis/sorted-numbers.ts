// Packet numbers kept in ascending order in a typed array (the packets a filter shows, those of
// a conversation): where one of them is, by binary search.

/** The position of `number` among the first `size` entries of ascending `numbers`, or -1. */
export function sortedIndexOf(numbers: Int32Array, size: number, number: number): number {
  let lo = 0;
  let hi = size - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const n = numbers[mid];
    if (n === number) return mid;
    if (n < number) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
