// Bytes held in array buffers that are still reachable: a full garbage collection first, so that
// buffers already let go of do not count (without it, a bound on held memory passes or fails by
// when the collector last ran).

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

export function liveArrayBufferBytes(): number {
  collectGarbage();
  return process.memoryUsage().arrayBuffers;
}
