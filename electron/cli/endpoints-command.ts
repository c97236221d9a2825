// `layerscope endpoints FILE [--type eth|ip|ipv6|tcp|udp] [-Y FILTER]`: the endpoints of a capture
// as `tshark -q -z endpoints,TYPE` prints them (packets and bytes sent and received by each), of
// the packets the display filter matches when one is given.

import { openCaptureFile } from '../files/open-capture-file.js';
import { dissectFrame } from '../dissect/frame-dissector.js';
import { DissectState } from '../dissect/dissect-state.js';
import { onePath, parseArguments, UsageError } from './cli-arguments.js';
import { walkPackets } from '../dissect/capture-packets.js';
import { reportReadWarning } from './read-warning.js';
import { displayFilterOption, FILTER_OPTION } from './display-filter-option.js';
import { ADDRESS_TYPES, type AddressType } from '../analysis/endpoint-pairs.js';
import { EndpointTable, endpointsText } from '../analysis/endpoints.js';

export function runEndpointsCommand(argv: readonly string[]): number {
  const args = parseArguments(argv, { options: ['type', ...FILTER_OPTION.options], short: FILTER_OPTION.short });
  const path = onePath(args, 'endpoints');
  const type = args.options.get('type') ?? 'tcp';
  if (!(ADDRESS_TYPES as readonly string[]).includes(type)) throw new UsageError(`--type must be one of ${ADDRESS_TYPES.join(', ')}, not '${type}'`);
  const filter = displayFilterOption(args);
  const table = new EndpointTable(type as AddressType);
  const reader = openCaptureFile(path);
  try {
    const packets = walkPackets(reader);
    const state = new DissectState();
    for (let input = packets.next(); input; input = packets.next()) {
      const packet = dissectFrame(input, { detail: true, state });
      if (filter && !filter.matches(packet, input.data)) continue;
      table.add(packet);
    }
    process.stdout.write(endpointsText(table));
    return reportReadWarning(reader);
  } finally {
    reader.close();
  }
}
