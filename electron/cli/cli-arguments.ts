// Command-line argument parsing for the `layerscope` subcommands: positionals, boolean switches
// and options with a value (`--packet 5` or `--packet=5`). A mistake becomes a UsageError whose
// message is shown to the user as it is, never a stack trace.

import { say } from '../text/catalog.js';
import { CLI_TEXT } from './cli-text.js';

/** A mistake in how the command was called; the message says what and how to fix it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ArgumentSpec {
  /** Switches without a value, e.g. `json` for `--json`. */
  switches?: readonly string[];
  /** Options that take a value, e.g. `packet` for `--packet N`. */
  options?: readonly string[];
  /** Short forms of options, as tshark spells them: `{ '-Y': 'filter' }` makes `-Y X` mean `--filter X`. */
  short?: Readonly<Record<string, string>>;
}

export interface ParsedArguments {
  positional: string[];
  switches: Set<string>;
  options: Map<string, string>;
}

export function parseArguments(argv: readonly string[], spec: ArgumentSpec): ParsedArguments {
  const result: ParsedArguments = { positional: [], switches: new Set(), options: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      result.positional.push(...argv.slice(i + 1));
      break;
    }
    const long = spec.short?.[arg];
    if (long !== undefined) {
      const value = argv[++i];
      if (value === undefined || value === '') throw new UsageError(say(CLI_TEXT.needs_value, { option: arg }));
      result.options.set(long, value);
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      result.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (spec.switches?.includes(name)) {
      if (eq >= 0) throw new UsageError(say(CLI_TEXT.takes_no_value, { option: `--${name}` }));
      result.switches.add(name);
    } else if (spec.options?.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new UsageError(say(CLI_TEXT.needs_value, { option: `--${name}` }));
      result.options.set(name, value);
    } else {
      throw new UsageError(say(CLI_TEXT.unknown_option, { option: arg }));
    }
  }
  return result;
}

/** `raw`, the value given to `flag`, as a whole number of at least `min`. */
export function wholeNumber(flag: string, raw: string, min: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
    throw new UsageError(say(CLI_TEXT.whole_number, { option: flag, min, value: raw }));
  }
  return Number(raw);
}

/** The option's value as a whole number of at least `min`, or undefined when absent. */
export function integerOption(args: ParsedArguments, name: string, min: number): number | undefined {
  const raw = args.options.get(name);
  return raw === undefined ? undefined : wholeNumber(`--${name}`, raw, min);
}

/** Exactly one capture file argument. */
export function onePath(args: ParsedArguments, command: string): string {
  if (args.positional.length === 0) throw new UsageError(say(CLI_TEXT.needs_file, { command }));
  if (args.positional.length > 1) throw new UsageError(say(CLI_TEXT.one_file, { command, count: args.positional.length, files: args.positional.join(' ') }));
  return args.positional[0];
}
