// Remembers the ping (echo) requests of a capture so that a reply can say which packet it
// answers, as tshark's "(request in 5)" does. Kept in the capture's DissectState.

import type { DissectContext } from '../dissector.js';

type Requests = Map<string, number>;

function requests(ctx: DissectContext, protocol: string): Requests {
  return ctx.state.slot(`${protocol}.echo`, () => new Map<string, number>());
}

/**
 * Notes an echo request, or for a reply returns the number of the request it answers (the one
 * from the reply's destination to its source with the same identifier and sequence number).
 */
export function matchEcho(ctx: DissectContext, protocol: string, isRequest: boolean, id: number, seq: number): number | undefined {
  if (ctx.quoted) return undefined;
  const source = ctx.columns.source.toString();
  const destination = ctx.columns.destination.toString();
  const map = requests(ctx, protocol);
  if (isRequest) {
    const key = `${source}>${destination}#${id}#${seq}`;
    if (!map.has(key)) map.set(key, ctx.number);
    return undefined;
  }
  const n = map.get(`${destination}>${source}#${id}#${seq}`);
  return n !== undefined && n < ctx.number ? n : undefined;
}
