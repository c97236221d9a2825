// `layerscope endpoints FILE [--type eth|ip|ipv6|tcp|udp] [-Y FILTER]`: the endpoints of a capture
// as `tshark -q -z endpoints,TYPE` prints them (packets and bytes sent and received by each), of
// the packets the display filter matches when one is given.

import { EndpointTable, endpointsText } from '../analysis/endpoints.js';
import { runStatisticsCommand } from './statistics-command.js';

export function runEndpointsCommand(argv: readonly string[]): number {
  return runStatisticsCommand(argv, 'endpoints', (type) => {
    const table = new EndpointTable(type);
    return { add: (packet) => table.add(packet), text: () => endpointsText(table) };
  });
}
