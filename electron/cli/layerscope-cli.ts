// The `layerscope` command: dispatches to a subcommand and turns every user mistake (missing file,
// not a capture, bad option) into one line on stderr and a non-zero exit code, never a stack trace.
//
// Exit codes: 0 success; 1 the file cannot be read (missing, not a capture); 2 usage mistake;
// 3 the file is damaged: everything before the damage was printed and the warning went to stderr.

import { CaptureFormatError } from '../files/packet-record.js';
import { UsageError } from './cli-arguments.js';
import { OutputClosed } from './buffered-output.js';
import { runListCommand } from './list-command.js';
import { runDissectCommand } from './dissect-command.js';
import { runServeCommand } from './serve-command.js';
import { runCaptureCommand } from './capture-command.js';
import { runLabCommand } from './lab-command.js';
import { runExportCommand } from './export-command.js';
import { runCommentCommand } from './comment-command.js';
import { runReportCommand } from './report-command.js';
import { runConversationsCommand } from './conversations-command.js';
import { runEndpointsCommand } from './endpoints-command.js';
import { runFollowCommand } from './follow-command.js';
import { ExportWriteError } from '../export/export-packets.js';
import { raiseInliningBudget } from '../service/inlining-budget.js';
import { languageFromEnvironment, LANGUAGES, supportedLanguage } from '../text/catalog.js';
import { chooseLanguage } from '../text/translation-files.js';

export const USAGE = `Layerscope: see every layer of every packet.

Usage:
  layerscope list FILE [-Y FILTER]            one summary line per packet, like tshark -r FILE;
                                             -Y: only packets the display filter matches
                                             ("tcp.port == 80 && http", Wireshark's language)
  layerscope dissect FILE [--format tree|text|csv|json] [--packet N | --packets LIST] [-Y FILTER]
                  [--explain]                every packet's layers and fields with their bytes;
                                             text, csv, json: Export Packet Dissections formats
                                             (--json is --format json); --packet N: only packet N;
                                             --packets 1-10,15,20-: those packets; --explain: each
                                             field's explanation (always, in a language other
                                             than English)
  layerscope export FILE [-Y FILTER] [--packets LIST] -w OUT.pcapng|OUT.pcap
                                             Export Specified Packets, comments kept
  layerscope report FILE [-Y FILTER] [--packets LIST] [--view sender|receiver] [--diagram PROTO]
                  [--title T] [--student NAME] [--course NAME] -o OUT.html|OUT.pdf
                                             a coursework report of the chosen packets: layer
                                             stack, narrative, fields explained, diagram, bytes
  layerscope conversations FILE [--type eth|ip|ipv6|tcp|udp] [-Y FILTER]
                                             the conversations: frames and bytes each way, start,
                                             duration, as tshark -z conv,TYPE prints them
  layerscope endpoints FILE [--type eth|ip|ipv6|tcp|udp] [-Y FILTER]
                                             the endpoints: packets and bytes each sent and
                                             received, as tshark -z endpoints,TYPE prints them
  layerscope follow FILE --stream N [--proto tcp|udp] [--format ascii|hex|raw]
                                             Follow Stream: one conversation's data each way,
                                             in order, as tshark -z follow,PROTO,FORMAT,N
  layerscope comment FILE --packet N --text "…" -w OUT.pcapng
                                             the capture with a comment added to packet N
  layerscope capture -i IFACE [-f FILTER] [-c COUNT] [-a duration:SEC] -w FILE
                                             capture live traffic into a pcapng file
  layerscope lab SCENARIO [-w FILE] [--port N]
                                             the Socket Lab: perform a scenario's socket calls
                                             (tcp, reuse, refused, reset, udp, timeout) and show
                                             each call's packets and the kernel's sockets
  layerscope serve [FILE] [--port N]         open Layerscope in your browser (127.0.0.1 only)
  layerscope help                            this text

FILE is a pcap or pcapng capture.
Every command takes --lang en|pl|sv|ru (English, Polish, Swedish, Russian): the language of the
trees, layer names, explanations, narrative, problems and messages. Without it, LC_ALL, then
LC_MESSAGES, then LANG choose (pl_PL.UTF-8 is Polish; C, POSIX and other languages are English).
Field labels keep Wireshark's English beside the translation; filter names never change.
Exit codes: 0 done; 1 a file cannot be read or written; 2 wrong usage; 3 the file is damaged
(what could be read was printed, and a warning on stderr says where reading stopped).
`;

/**
 * Takes `--lang X` / `--lang=X` out of the arguments (anywhere before a `--`), for every command
 * alike; undefined when not given. A language Layerscope does not speak is a usage mistake.
 */
export function takeLanguageOption(argv: readonly string[]): { language: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let language: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--lang' || arg.startsWith('--lang=')) {
      const value = arg === '--lang' ? argv[++i] : arg.slice('--lang='.length);
      if (!value) throw new UsageError('--lang needs a value: en, pl, sv or ru');
      if (supportedLanguage(value) !== value.toLowerCase()) throw new UsageError(`--lang must be one of ${LANGUAGES.join(', ')}, not '${value}'`);
      language = value.toLowerCase();
      continue;
    }
    rest.push(arg);
  }
  return { language, rest };
}

export async function main(argv: readonly string[]): Promise<number> {
  let command = argv[0];
  try {
    const chosen = takeLanguageOption(argv);
    const rest = chosen.rest.slice(1);
    command = chosen.rest[0];
    chooseLanguage(chosen.language ?? languageFromEnvironment(process.env));
    switch (command) {
      case 'list':
        return runListCommand(rest);
      case 'dissect':
        return runDissectCommand(rest);
      case 'capture':
        return await runCaptureCommand([...rest]);
      case 'serve':
        return await runServeCommand([...rest]);
      case 'lab':
        return await runLabCommand(rest);
      case 'export':
        return runExportCommand(rest);
      case 'comment':
        return runCommentCommand(rest);
      case 'report':
        return await runReportCommand(rest);
      case 'conversations':
        return runConversationsCommand(rest);
      case 'endpoints':
        return runEndpointsCommand(rest);
      case 'follow':
        return runFollowCommand(rest);
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return 0;
      case undefined:
        process.stderr.write(USAGE);
        return 2;
      default:
        process.stderr.write(`layerscope: unknown command '${command}'\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof OutputClosed) return 0;
    if (error instanceof CaptureFormatError) {
      process.stderr.write(`layerscope: ${error.message}\n`);
      return 1;
    }
    if (error instanceof ExportWriteError) {
      process.stderr.write(`layerscope: ${error.message}\n`);
      return 1;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`layerscope ${command}: ${error.message}\nRun 'layerscope help' for usage.\n`);
      return 2;
    }
    // A bug of ours, not a user mistake: say so plainly; the stack only when asked for.
    const err = error as Error;
    process.stderr.write(`layerscope: internal error: ${err?.message ?? String(error)}\n`);
    if (process.env.LAYERSCOPE_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
    return 70;
  }
}

raiseInliningBudget();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`layerscope: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 70;
  },
);
