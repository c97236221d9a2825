// `layerscope comment FILE --packet N --text "…" -w OUT.pcapng`: a teacher's annotated capture made
// from a script: the capture copied with a comment added to packet N (after any it has), which
// Wireshark and tshark show as frame.comment. Repeat --packet/--text pairs to comment several.

import { exportPackets } from '../export/export-packets.js';
import { PacketRangeError } from '../export/packet-range.js';
import { UsageError, wholeNumber } from './cli-arguments.js';
import { takeOutput } from './export-command.js';

const MAX_COMMENT = 64 * 1024;

export function runCommentCommand(argv: readonly string[]): number {
  const { rest, output } = takeOutput(argv, 'comment');
  if (/\.pcap$/i.test(output)) throw new UsageError('classic pcap cannot hold comments: write OUT.pcapng');
  // Each --text is a comment of its own (a packet may have several, as pcapng allows).
  const comments = new Map<number, string[]>();
  let added = 0;
  let path: string | undefined;
  let packet: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--packet' || arg === '--text') {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (arg === '--packet') packet = wholeNumber('--packet', value, 1);
      else {
        if (packet === undefined) throw new UsageError('--text comes after the --packet it comments');
        if (value.length > MAX_COMMENT) throw new UsageError(`a comment may have at most ${MAX_COMMENT} characters, not ${value.length}`);
        comments.set(packet, [...(comments.get(packet) ?? []), value]);
        added++;
        packet = undefined;
      }
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else if (path === undefined) {
      path = arg;
    } else {
      throw new UsageError('comment takes one capture file');
    }
  }
  if (!path) throw new UsageError('comment needs a capture file: layerscope comment FILE --packet N --text "…" -w OUT.pcapng');
  if (packet !== undefined) throw new UsageError(`--packet ${packet} has no --text after it`);
  if (comments.size === 0) throw new UsageError('give at least one --packet N --text "…"');
  let result;
  try {
    result = exportPackets(path, output, { format: 'pcapng', addComments: comments });
  } catch (err) {
    if (err instanceof PacketRangeError) throw new UsageError(err.message);
    throw err;
  }
  process.stderr.write(`${added} ${added === 1 ? 'comment' : 'comments'} added; ${result.written} packets written to ${output}\n`);
  return result.warning ? 3 : 0;
}
