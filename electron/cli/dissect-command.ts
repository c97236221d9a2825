// `layerscope dissect FILE [--format tree|text|csv|json] [--packet N | --packets LIST] [-Y FILTER]`:
// every packet's layers and fields (of the packets the display filter matches, with -Y). `tree` (the default) is Layerscope's own view with byte ranges and
// OSI layers; `text`, `csv` and `json` are the Export Packet Dissections formats (`--json` is
// `--format json`). `--packets 1-10,15,20-` takes the packets Wireshark's Export Specified Packets
// would; `--packet N` one packet. `--explain` adds each field's explanation under its line in the
// tree; in a language other than English (--lang, LANG) the tree always carries them, since that
// is what a student reading in their own language runs it for. English output stays as before.

import { openCaptureFile } from '../files/open-capture-file.js';
import { dissectFrame, summarizeFrame } from '../dissect/frame-dissector.js';
import { DissectState } from '../dissect/dissect-state.js';
import { integerOption, onePath, parseArguments, UsageError } from './cli-arguments.js';
import { BufferedOutput } from './buffered-output.js';
import { walkPackets } from '../dissect/capture-packets.js';
import { packetJson } from '../export/dissection-json.js';
import { dissectionText } from '../export/dissection-text.js';
import { CSV_HEADER, dissectionCsvRow } from '../export/dissection-csv.js';
import { PacketRange, PacketRangeError } from '../export/packet-range.js';
import { packetTreeText } from './layer-tree-text.js';
import { reportReadWarning } from './read-warning.js';
import { displayFilterOption, FILTER_OPTION } from './display-filter-option.js';
import { currentLanguage, say } from '../text/catalog.js';
import { CLI_TEXT } from './cli-text.js';

const FORMATS = ['tree', 'text', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

function chosenFormat(json: boolean, format: string | undefined): Format {
  if (json && format !== undefined && format !== 'json') throw new UsageError(say(CLI_TEXT.json_and_format, { format }));
  if (json) return 'json';
  if (format === undefined) return 'tree';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(say(CLI_TEXT.one_of, { option: '--format', allowed: FORMATS.join(', '), value: format }));
  return format as Format;
}

function chosenRange(packet: number | undefined, packets: string | undefined): PacketRange {
  if (packet !== undefined && packets !== undefined) throw new UsageError(say(CLI_TEXT.packet_or_packets));
  if (packet !== undefined) return PacketRange.parse(String(packet));
  if (packets === undefined) return PacketRange.all();
  try {
    return PacketRange.parse(packets);
  } catch (err) {
    if (err instanceof PacketRangeError) throw new UsageError(`--packets: ${err.message}`);
    throw err;
  }
}

export function runDissectCommand(argv: readonly string[]): number {
  const args = parseArguments(argv, { switches: ['json', 'explain'], options: ['packet', 'packets', 'format', ...FILTER_OPTION.options], short: FILTER_OPTION.short });
  const path = onePath(args, 'dissect');
  const format = chosenFormat(args.switches.has('json'), args.options.get('format'));
  const range = chosenRange(integerOption(args, 'packet', 1), args.options.get('packets'));
  const filter = displayFilterOption(args);
  const explain = args.switches.has('explain') || currentLanguage() !== 'en';
  const reader = openCaptureFile(path);
  const out = new BufferedOutput(1);
  try {
    const packets = walkPackets(reader);
    const state = new DissectState();
    let seen = 0;
    if (format === 'csv') out.write(CSV_HEADER);
    for (let input = packets.next(); input; input = packets.next()) {
      seen = input.number;
      if (!range.includes(input.number)) {
        if (!range.reachesBeyond(input.number)) break;
        // Skipped packets still pass through the dissector (cheaply) so that per-connection state,
        // such as TCP's relative sequence numbers, is what it would be in a full pass.
        summarizeFrame(input, state);
        continue;
      }
      const packet = dissectFrame(input, { detail: format !== 'csv' || filter !== undefined, state });
      if (filter && !filter.matches(packet, input.data)) continue;
      const time = input.relativeTime.toFixed(packets.timeDigits(input));
      if (format === 'json') out.write(packetJson(packet) + '\n');
      else if (format === 'text') out.write(dissectionText(packet, time));
      else if (format === 'csv') out.write(dissectionCsvRow(packet, time, input.comments));
      else out.write(packetTreeText(packet, { explain }));
    }
    out.flush();
    const status = reportReadWarning(reader);
    const missing = range.missing(seen);
    if (missing !== undefined) {
      const read = say(reader.warning ? CLI_TEXT.only_read : CLI_TEXT.file_has, { count: seen });
      throw new UsageError(say(CLI_TEXT.no_such_packet, { number: missing, read }));
    }
    return status;
  } finally {
    reader.close();
  }
}
