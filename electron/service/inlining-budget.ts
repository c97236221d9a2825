// V8's budget for inlining small functions into a hot one, raised for the packet decoders. Each
// decoder calls the layer builder's small helpers (need, add, u16...) for every field, and with
// V8's default budget inlining stops a few fields into a header: the calls left cost about a tenth
// of the time to list or index a large capture. Called at startup, before anything is compiled.

import { setFlagsFromString } from 'node:v8';

export function raiseInliningBudget(): void {
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=10000');
}
