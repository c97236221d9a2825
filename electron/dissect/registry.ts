// Which decoder handles what: one line per protocol. Adding a protocol means adding its file under
// protocols/ and one line here.

import type { DispatchTable, Dissector } from './dissector.js';
import { ethernetDissector } from './protocols/ethernet-dissector.js';

const registrations: ReadonlyArray<readonly [DispatchTable, readonly number[], Dissector]> = [
  ['link', [1], ethernetDissector],
];

const tables = new Map<DispatchTable, Map<number, Dissector>>();
for (const [table, keys, dissector] of registrations) {
  let map = tables.get(table);
  if (!map) tables.set(table, (map = new Map()));
  for (const key of keys) map.set(key, dissector);
}

/** The decoder registered for `key` in `table`, if any. */
export function lookupDissector(table: DispatchTable, key: number): Dissector | undefined {
  return tables.get(table)?.get(key);
}
