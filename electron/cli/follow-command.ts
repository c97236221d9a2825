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
import { FOLLOW_FORMATS, FOLLOW_PROTOCOLS, followText, StreamFollower, type FollowFormat } from '../analysis/follow-stream.js';
import { say } from '../text/catalog.js';
import { CLI_TEXT } from './cli-text.js';
import { oneOf, STREAM_OPTIONS, streamOption } from './stream-option.js';

export function runFollowCommand(argv: readonly string[]): number {
  const args = parseArguments(argv, { options: [...STREAM_OPTIONS, 'format'] });
  const path = onePath(args, 'follow');
  const chosen = streamOption(args, FOLLOW_PROTOCOLS);
  if (!chosen) throw new UsageError(say(CLI_TEXT.stream_required));
  const format = oneOf<FollowFormat>(args.options.get('format') ?? 'ascii', FOLLOW_FORMATS, 'format');
  const follower = new StreamFollower(chosen.protocol, chosen.stream);
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
