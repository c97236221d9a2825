// `layerscope follow FILE --stream N [--proto tcp|udp] [--format ascii|hex|raw]`: one
// conversation's application data, each direction's pieces in order, as `tshark -q -z
// follow,PROTO,FORMAT,N` prints it (raw: a line of hex per piece, the second endpoint's indented
// by a tab), so the two can be compared line for line.

import { openCaptureFile } from '../files/open-capture-file.js';
import { dissectFrame } from '../dissect/frame-dissector.js';
import { DissectState } from '../dissect/dissect-state.js';
import { onePath, parseArguments, UsageError } from './cli-arguments.js';
import { walkPackets } from '../dissect/capture-packets.js';
import { reportReadWarning } from './read-warning.js';
import { FOLLOW_FORMATS, followText, StreamFollower, type FollowFormat } from '../analysis/follow-stream.js';
import { STREAM_PROTOCOLS, type StreamProtocol } from '../analysis/stream-protocols.js';
import { say } from '../text/catalog.js';
import { CLI_TEXT } from './cli-text.js';

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(say(CLI_TEXT.one_of, { option: `--${option}`, allowed: allowed.join(', '), value }));
  return value as T;
}

export function runFollowCommand(argv: readonly string[]): number {
  const args = parseArguments(argv, { options: ['stream', 'proto', 'format'] });
  const path = onePath(args, 'follow');
  const streamText = args.options.get('stream');
  if (streamText === undefined) throw new UsageError(say(CLI_TEXT.stream_required));
  if (!/^\d{1,9}$/.test(streamText)) throw new UsageError(say(CLI_TEXT.stream_index, { value: streamText }));
  const protocol = oneOf<StreamProtocol>(args.options.get('proto') ?? 'tcp', STREAM_PROTOCOLS, 'proto');
  const format = oneOf<FollowFormat>(args.options.get('format') ?? 'ascii', FOLLOW_FORMATS, 'format');
  const follower = new StreamFollower(protocol, Number(streamText));
  const reader = openCaptureFile(path);
  try {
    const packets = walkPackets(reader);
    const state = new DissectState();
    for (let input = packets.next(); input; input = packets.next()) {
      follower.add(dissectFrame(input, { detail: true, texts: false, state }), input.data);
    }
    process.stdout.write(followText(follower.followed(), format));
    return reportReadWarning(reader);
  } finally {
    reader.close();
  }
}
