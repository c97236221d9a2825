// `layerscope comment FILE --packet N --text "…" -w OUT.pcapng`: a teacher's annotated capture made
// from a script: the capture copied with a comment added to packet N (after any it has), which
// Wireshark and tshark show as frame.comment. Repeat --packet/--text pairs to comment several.

import { exportPackets } from '../export/export-packets.js';
import { PacketRangeError } from '../export/packet-range.js';
import { UsageError, wholeNumber } from './cli-arguments.js';
import { takeOutput } from './export-command.js';
import { say } from '../text/catalog.js';
import { CLI_TEXT } from './cli-text.js';

const MAX_COMMENT = 64 * 1024;

export function runCommentCommand(argv: readonly string[]): number {
  const { rest, output } = takeOutput(argv, 'comment');
  if (/\.pcap$/i.test(output)) throw new UsageError(say(CLI_TEXT.pcap_no_comments));
  // Each --text is a comment of its own (a packet may have several, as pcapng allows).
  const comments = new Map<number, string[]>();
  let added = 0;
  let path: string | undefined;
  let packet: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--packet' || arg === '--text') {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(say(CLI_TEXT.needs_value, { option: arg }));
      if (arg === '--packet') packet = wholeNumber('--packet', value, 1);
      else {
        if (packet === undefined) throw new UsageError(say(CLI_TEXT.text_after_packet));
        if (value.length > MAX_COMMENT) throw new UsageError(say(CLI_TEXT.comment_too_long, { max: MAX_COMMENT, length: value.length }));
        comments.set(packet, [...(comments.get(packet) ?? []), value]);
        added++;
        packet = undefined;
      }
    } else if (arg.startsWith('-')) {
      throw new UsageError(say(CLI_TEXT.unknown_option, { option: arg }));
    } else if (path === undefined) {
      path = arg;
    } else {
      throw new UsageError(say(CLI_TEXT.comment_one_file));
    }
  }
  if (!path) throw new UsageError(say(CLI_TEXT.comment_needs_file));
  if (packet !== undefined) throw new UsageError(say(CLI_TEXT.packet_without_text, { packet }));
  if (comments.size === 0) throw new UsageError(say(CLI_TEXT.give_a_comment));
  let result;
  try {
    result = exportPackets(path, output, { format: 'pcapng', addComments: comments });
  } catch (err) {
    if (err instanceof PacketRangeError) throw new UsageError(err.message);
    throw err;
  }
  process.stderr.write(`${say(CLI_TEXT.commented, { added, written: result.written, file: output })}\n`);
  return result.warning ? 3 : 0;
}
