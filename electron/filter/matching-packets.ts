// The numbers of the packets of a capture file a display filter matches, in order: what `export
// -Y` and `report -Y` take. Every packet is decoded (values only) in order, so that state kept
// from packet to packet (TCP's relative numbers, HTTP's exchanges) is what a full pass gives.

import { openCaptureFile } from '../files/open-capture-file.js';
import { walkPackets } from '../dissect/capture-packets.js';
import { FilterPass } from './filter-pass.js';
import { DissectState } from '../dissect/dissect-state.js';
import type { DisplayFilter } from './display-filter.js';

export function matchingPackets(path: string, filter: DisplayFilter): number[] {
  const reader = openCaptureFile(path);
  const walk = walkPackets(reader);
  const state = new DissectState();
  const matched: number[] = [];
  try {
    const pass = new FilterPass(filter, state);
    for (let input = walk.next(); input; input = walk.next()) if (pass.next(input)) matched.push(input.number);
  } finally {
    reader.close();
  }
  return matched;
}
