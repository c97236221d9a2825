// `layerscope dissect FILE [--json] [--packet N]`: the full layer tree of every packet (or of packet
// N only), as indented text or as one JSON object per packet per line.

import { openCaptureFile } from '../files/open-capture-file.js';
import { dissectFrame, summarizeFrame } from '../dissect/frame-dissector.js';
import { DissectState } from '../dissect/dissect-state.js';
import { integerOption, onePath, parseArguments, UsageError } from './cli-arguments.js';
import { BufferedOutput } from './buffered-output.js';
import { walkPackets } from './capture-packets.js';
import { packetJson } from './packet-json.js';
import { packetTreeText } from './layer-tree-text.js';
import { reportReadWarning } from './read-warning.js';

export function runDissectCommand(argv: readonly string[]): number {
  const args = parseArguments(argv, { switches: ['json'], options: ['packet'] });
  const path = onePath(args, 'dissect');
  const only = integerOption(args, 'packet', 1);
  const json = args.switches.has('json');
  const reader = openCaptureFile(path);
  const out = new BufferedOutput(1);
  try {
    const packets = walkPackets(reader);
    const state = new DissectState();
    let found = false;
    let seen = 0;
    for (let input = packets.next(); input; input = packets.next()) {
      seen = input.number;
      if (only !== undefined && input.number < only) {
        // Earlier packets still pass through the dissector (cheaply) so that per-connection state,
        // such as TCP's relative sequence numbers, is what it would be in a full pass.
        summarizeFrame(input, state);
        continue;
      }
      const packet = dissectFrame(input, { detail: true, state });
      out.write(json ? packetJson(packet) + '\n' : packetTreeText(packet));
      if (only !== undefined) {
        found = true;
        break;
      }
    }
    out.flush();
    const status = reportReadWarning(reader);
    if (only !== undefined && !found) {
      const read = reader.warning ? `only ${seen} packets could be read` : `the file has ${seen} packet${seen === 1 ? '' : 's'}`;
      throw new UsageError(`there is no packet ${only}: ${read}`);
    }
    return status;
  } finally {
    reader.close();
  }
}
