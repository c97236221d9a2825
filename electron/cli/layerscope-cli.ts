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
import { languageFromEnvironment, LANGUAGES, say, supportedLanguage } from '../text/catalog.js';
import { chooseLanguage } from '../text/translation-files.js';
import { CLI_TEXT } from './cli-text.js';

/** The command's usage, in the chosen language. */
export function usage(): string {
  return say(CLI_TEXT.usage);
}

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
      if (!value) throw new UsageError(say(CLI_TEXT.lang_needs_value));
      if (supportedLanguage(value) !== value.toLowerCase()) throw new UsageError(say(CLI_TEXT.lang_unknown, { languages: LANGUAGES.join(', '), value }));
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
        process.stdout.write(usage());
        return 0;
      case undefined:
        process.stderr.write(usage());
        return 2;
      default:
        process.stderr.write(`layerscope: ${say(CLI_TEXT.unknown_command, { command })}\n\n${usage()}`);
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
      process.stderr.write(`layerscope ${command}: ${error.message}\n${say(CLI_TEXT.run_help)}\n`);
      return 2;
    }
    // A bug of ours, not a user mistake: say so plainly; the stack only when asked for.
    const err = error as Error;
    process.stderr.write(`layerscope: ${say(CLI_TEXT.internal_error, { message: err?.message ?? String(error) })}\n`);
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
    process.stderr.write(`layerscope: ${say(CLI_TEXT.internal_error, { message: (error as Error)?.message ?? String(error) })}\n`);
    process.exitCode = 70;
  },
);
