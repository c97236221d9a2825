// `layerscope conversations FILE [--type eth|ip|ipv6|tcp|udp] [-Y FILTER]`: the conversations of
// a capture as `tshark -q -z conv,TYPE` prints them (frames and bytes each way, start, duration),
// of the packets the display filter matches when one is given.

import { ConversationTable, conversationsText } from '../analysis/conversations.js';
import { runStatisticsCommand } from './statistics-command.js';

export function runConversationsCommand(argv: readonly string[]): number {
  return runStatisticsCommand(argv, 'conversations', (type) => {
    const table = new ConversationTable(type);
    return { add: (packet) => table.add(packet), text: () => conversationsText(table) };
  });
}
