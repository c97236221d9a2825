// What `layerscope conversations` and `layerscope endpoints` share: `FILE [--type
// eth|ip|ipv6|tcp|udp] [-Y FILTER]`, every packet decoded in order (the display filter's ones
// counted), and a table printed as tshark's `-z` statistics print it.

import { openCaptureFile } from '../files/open-capture-file.js';
import { dissectFrame } from '../dissect/frame-dissector.js';
import { DissectState } from '../dissect/dissect-state.js';
import type { DissectedPacket } from '../dissect/field-model.js';
import { onePath, parseArguments, UsageError } from './cli-arguments.js';
import { walkPackets } from '../dissect/capture-packets.js';
import { reportReadWarning } from './read-warning.js';
import { displayFilterOption, FILTER_OPTION } from './display-filter-option.js';
import { ADDRESS_TYPES, type AddressType } from '../analysis/endpoint-pairs.js';
import { say } from '../text/catalog.js';
import { CLI_TEXT } from './cli-text.js';

export interface StatisticsTable {
  add(packet: DissectedPacket): void;
  text(): string;
}

export function runStatisticsCommand(argv: readonly string[], command: string, tableFor: (type: AddressType) => StatisticsTable): number {
  const args = parseArguments(argv, { options: ['type', ...FILTER_OPTION.options], short: FILTER_OPTION.short });
  const path = onePath(args, command);
  const type = args.options.get('type') ?? 'tcp';
  if (!(ADDRESS_TYPES as readonly string[]).includes(type)) throw new UsageError(say(CLI_TEXT.one_of, { option: '--type', allowed: ADDRESS_TYPES.join(', '), value: type }));
  const filter = displayFilterOption(args);
  const table = tableFor(type as AddressType);
  const reader = openCaptureFile(path);
  try {
    const packets = walkPackets(reader);
    const state = new DissectState();
    for (let input = packets.next(); input; input = packets.next()) {
      const packet = dissectFrame(input, { detail: true, state });
      if (filter && !filter.matches(packet, input.data)) continue;
      table.add(packet);
    }
    process.stdout.write(table.text());
    return reportReadWarning(reader);
  } finally {
    reader.close();
  }
}
