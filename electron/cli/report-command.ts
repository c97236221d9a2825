// `layerscope report FILE [-Y FILTER] [--packets LIST] [--stream N [--proto tcp|udp]] [--view sender|receiver]
// [--diagram PROTO] [--title T] [--student NAME] [--course NAME] -o OUT.html|OUT.pdf`: the coursework
// report of the chosen packets, as one self-contained HTML file or as PDF (printed by Chromium).
// --stream adds that conversation's ladder diagram and statistics (and, without -Y or --packets,
// its packets are the ones reported). OUT appears whole or not at all.

import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { onePath, parseArguments, UsageError } from './cli-arguments.js';
import { displayFilterOption, FILTER_OPTION } from './display-filter-option.js';
import { parseRange } from './export-command.js';
import { reportPackets, ReportSelectionError } from '../report/capture-report.js';
import { ConversationNotFoundError, reportConversation, type ReportConversation } from '../report/report-conversation.js';
import { PacketRange } from '../export/packet-range.js';
import { indexCaptureFile } from './indexed-capture.js';
import { STREAM_OPTIONS, streamOption } from './stream-option.js';
import { reportHtml } from '../report/report-html.js';
import { PdfError, writePdf } from '../report/report-pdf.js';
import { REPORT_TEXT } from '../report/report-text.js';
import { say } from '../text/catalog.js';
import { ExportWriteError } from '../export/export-packets.js';
import { CLI_TEXT } from './cli-text.js';

export async function runReportCommand(argv: readonly string[]): Promise<number> {
  const args = parseArguments(argv, {
    options: ['packets', 'view', 'diagram', 'title', 'student', 'course', 'output', ...STREAM_OPTIONS, ...FILTER_OPTION.options],
    short: { ...FILTER_OPTION.short, '-o': 'output' },
  });
  const path = onePath(args, 'report');
  const output = args.options.get('output');
  if (!output) throw new UsageError(say(CLI_TEXT.report_needs_output));
  if (!/\.(html?|pdf)$/i.test(output)) throw new UsageError(say(CLI_TEXT.report_extension, { file: output }));
  const view = args.options.get('view') ?? 'receiver';
  if (view !== 'sender' && view !== 'receiver') throw new UsageError(say(CLI_TEXT.report_view, { value: view }));
  let range = parseRange(args.options.get('packets'), '--packets');
  const filter = displayFilterOption(args);
  const stream = streamOption(args);

  let conversation: ReportConversation | undefined;
  if (stream) {
    const session = indexCaptureFile(path);
    try {
      conversation = reportConversation(session, stream.protocol, stream.stream);
      // Without -Y or --packets, the conversation's packets are the ones reported.
      if (!range && !filter) {
        const numbers = session.conversations.window(stream.protocol, stream.stream, 0, session.index.size)!.numbers;
        range = PacketRange.ofNumbers(numbers, `${stream.protocol}.stream == ${stream.stream}`);
      }
    } catch (err) {
      if (err instanceof ConversationNotFoundError) throw new UsageError(err.message);
      throw err;
    } finally {
      session.close();
    }
  }

  let chosen;
  try {
    chosen = reportPackets(path, { range, filter });
  } catch (err) {
    if (err instanceof ReportSelectionError) throw new UsageError(err.message);
    throw err;
  }
  const capture = basename(path);
  const html = reportHtml(chosen.packets, {
    title: args.options.get('title') ?? say(REPORT_TEXT.default_title, { capture }),
    student: args.options.get('student'),
    course: args.options.get('course'),
    capture,
    capturePackets: chosen.total,
    captureSeconds: chosen.seconds,
    view,
    diagram: args.options.get('diagram'),
    made: new Date(),
    conversation,
  });
  try {
    if (/\.pdf$/i.test(output)) {
      await writePdf(html, output);
    } else {
      const partial = `${output}.partial-${process.pid}`;
      try {
        writeFileSync(partial, html);
        renameSync(partial, output);
      } finally {
        rmSync(partial, { force: true });
      }
    }
  } catch (err) {
    if (err instanceof PdfError) {
      process.stderr.write(`layerscope report: ${err.message}\n`);
      return 1;
    }
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code) throw new ExportWriteError(output, code, say(CLI_TEXT.cannot_write, { file: output, reason: (err as Error).message }));
    throw err;
  }
  process.stderr.write(`${say(CLI_TEXT.reported, { count: chosen.packets.length, file: output })}\n`);
  return 0;
}
