// Problems a decoder can report, declared per protocol as data: a stable code, a severity and an
// English template (a catalog entry), so tests check codes and translations reach the messages.

import { defineMessages, type MessageSpec } from '../text/catalog.js';
import type { Severity } from './field-model.js';

export interface ProblemSpec extends MessageSpec {
  readonly severity: Severity;
}

/**
 * `defineProblems('tcp', { hdr_len_short: ['error', 'TCP header length {length} bytes …'] })`:
 * codes are `tcp.hdr_len_short`, registered in the catalog under `problem.tcp.hdr_len_short`.
 */
export function defineProblems<K extends string>(scope: string, entries: { readonly [P in K]: readonly [Severity, string] }): { readonly [P in K]: ProblemSpec } {
  const texts = Object.fromEntries((Object.keys(entries) as K[]).map((k) => [k, entries[k][1]])) as { [P in K]: string };
  const messages = defineMessages(`problem.${scope}`, texts);
  return Object.fromEntries(
    (Object.keys(entries) as K[]).map((k) => [k, { id: messages[k].id, en: messages[k].en, severity: entries[k][0] }]),
  ) as { readonly [P in K]: ProblemSpec };
}

/** A problem's code: its catalog id without the `problem.` prefix (`tcp.bad_checksum`). */
export function problemCode(spec: ProblemSpec): string {
  return spec.id.slice('problem.'.length);
}
