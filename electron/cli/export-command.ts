// `layerscope export FILE [-Y FILTER] [--packets LIST] -w OUT.pcapng|OUT.pcap`: Export Specified
// Packets from the command line: the packets the display filter matches and LIST names (all by
// default), with their comments, into a new pcapng file (or classic pcap when OUT ends in .pcap).
// OUT appears whole or not at all.

import { exportPackets } from '../export/export-packets.js';
import { PacketRange, PacketRangeError } from '../export/packet-range.js';
import { onePath, parseArguments, UsageError } from './cli-arguments.js';
import { displayFilterOption, FILTER_OPTION } from './display-filter-option.js';
import { matchingPackets } from '../filter/matching-packets.js';
import { say } from '../text/catalog.js';
import { CLI_TEXT } from './cli-text.js';

/** `-w OUT` (as tshark and editcap write it) or `--write OUT`, taken out of argv. */
export function takeOutput(argv: readonly string[], command: string): { rest: string[]; output: string } {
  const rest: string[] = [];
  let output: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-w') {
      output = argv[++i];
      if (output === undefined) throw new UsageError(say(CLI_TEXT.w_needs_name));
    } else rest.push(argv[i]);
  }
  if (!output) throw new UsageError(say(CLI_TEXT.needs_output, { command }));
  return { rest, output };
}

export function formatOf(output: string): 'pcapng' | 'pcap' {
  return /\.pcap$/i.test(output) ? 'pcap' : 'pcapng';
}

export function parseRange(text: string | undefined, option: string): PacketRange | undefined {
  if (text === undefined) return undefined;
  try {
    return PacketRange.parse(text);
  } catch (err) {
    if (err instanceof PacketRangeError) throw new UsageError(`${option}: ${err.message}`);
    throw err;
  }
}

export function runExportCommand(argv: readonly string[]): number {
  const { rest, output } = takeOutput(argv, 'export');
  const args = parseArguments(rest, { options: ['packets', ...FILTER_OPTION.options], short: FILTER_OPTION.short });
  const path = onePath(args, 'export');
  let range = parseRange(args.options.get('packets'), '--packets');
  const filter = displayFilterOption(args);
  if (filter) {
    // The packets the filter matches, within the list when one is given too.
    const listed = range;
    const matched = matchingPackets(path, filter).filter((n) => !listed || listed.includes(n));
    if (matched.length === 0) throw new UsageError(listed ? say(CLI_TEXT.nothing_to_export_among, { filter: filter.text, packets: listed.text }) : say(CLI_TEXT.nothing_to_export, { filter: filter.text }));
    range = PacketRange.ofNumbers(matched, `matching "${filter.text}"`);
  }
  let result;
  try {
    result = exportPackets(path, output, { format: formatOf(output), range });
  } catch (err) {
    if (err instanceof PacketRangeError) throw new UsageError(err.message);
    throw err;
  }
  process.stderr.write(`${say(CLI_TEXT.exported, { written: result.written, total: result.total, file: output })}\n`);
  if (result.warning) {
    process.stderr.write(`layerscope export: ${result.warning}\n`);
    return 3;
  }
  return 0;
}
