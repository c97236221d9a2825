// The packet list's time column in the formats Wireshark offers (View ▸ Time Display Format):
// seconds since the first packet, since the previous one, the date and time of day (local or
// UTC), or seconds since 1970.

import type { MessageSpec } from '../../../electron/text/catalog.js';
import { PACKET_LIST_TEXT as T } from './packet-list-text.js';

export type TimeFormat = 'relative' | 'delta' | 'local' | 'utc' | 'epoch';

/** Each format's name as the column header shows it (short: the header is as narrow as the column). */
export const TIME_FORMATS: readonly { format: TimeFormat; label: MessageSpec }[] = [
  { format: 'relative', label: T.time_relative },
  { format: 'delta', label: T.time_delta },
  { format: 'local', label: T.time_local },
  { format: 'utc', label: T.time_utc },
  { format: 'epoch', label: T.time_epoch },
];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The time column's text for a row `relative` seconds after the first packet (`delta` after the
 * previous one), the first packet having been captured at `first` (seconds and nanoseconds since
 * 1970). Microseconds, as the list shows.
 */
export function formatPacketTime(format: TimeFormat, relative: number, delta: number, first: { seconds: number; nanos: number } | undefined): string {
  if (format === 'relative') return relative.toFixed(6);
  if (format === 'delta') return delta.toFixed(6);
  if (!first) return relative.toFixed(6);
  // Whole seconds and microseconds apart, so that no digit is lost to a double's precision.
  const micros = Math.round(first.nanos / 1000 + relative * 1e6);
  const seconds = first.seconds + Math.floor(micros / 1e6);
  const fraction = pad(((micros % 1e6) + 1e6) % 1e6, 6);
  if (format === 'epoch') return `${seconds}.${fraction}`;
  const d = new Date(seconds * 1000);
  const [y, mo, day, h, mi, s] =
    format === 'utc'
      ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
      : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  return `${y}-${pad(mo)}-${pad(day)} ${pad(h)}:${pad(mi)}:${pad(s)}.${fraction}`;
}
