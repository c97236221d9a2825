// `--stream N [--proto tcp|udp]` (follow also takes http): one conversation, by its index as tshark numbers it (tcp.stream,
// udp.stream), for the commands that take one (follow, report).

import { UsageError, type ParsedArguments } from './cli-arguments.js';
import { STREAM_PROTOCOLS, type StreamProtocol } from '../analysis/stream-protocols.js';
import { say } from '../text/catalog.js';
import { CLI_TEXT } from './cli-text.js';

export const STREAM_OPTIONS = ['stream', 'proto'] as const;

/** An option's value, which must be one of `allowed`. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(say(CLI_TEXT.one_of, { option: `--${option}`, allowed: allowed.join(', '), value }));
  return value as T;
}

/**
 * The conversation `--stream` (and `--proto`, default tcp, one of `allowed`) name; undefined when
 * neither is given.
 */
export function streamOption<P extends string = StreamProtocol>(args: ParsedArguments, allowed: readonly P[] = STREAM_PROTOCOLS as unknown as readonly P[]): { protocol: P; stream: number } | undefined {
  const streamText = args.options.get('stream');
  const proto = args.options.get('proto');
  if (streamText === undefined) {
    if (proto !== undefined) throw new UsageError(say(CLI_TEXT.stream_required));
    return undefined;
  }
  if (!/^\d{1,9}$/.test(streamText)) throw new UsageError(say(CLI_TEXT.stream_index, { value: streamText }));
  return { protocol: oneOf<P>(proto ?? 'tcp', allowed, 'proto'), stream: Number(streamText) };
}
