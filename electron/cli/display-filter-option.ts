// The `-Y FILTER` (or `--filter FILTER`) option of `list` and `dissect`: Wireshark's display filter,
// compiled once; a filter that is not valid stops the command with the error and a caret under
// the place it concerns, as tshark shows it.

import { compileDisplayFilter, type DisplayFilter } from '../filter/display-filter.js';
import { FilterError } from '../filter/filter-error.js';
import type { ParsedArguments } from './cli-arguments.js';
import { UsageError } from './cli-arguments.js';

export const FILTER_OPTION = { options: ['filter'], short: { '-Y': 'filter' } } as const;

export function displayFilterOption(args: ParsedArguments): DisplayFilter | undefined {
  const text = args.options.get('filter');
  if (text === undefined) return undefined;
  try {
    return compileDisplayFilter(text);
  } catch (err) {
    if (!(err instanceof FilterError)) throw err;
    const marker = ' '.repeat(err.position) + '^' + '~'.repeat(Math.max(0, err.length - 1));
    throw new UsageError(`-Y: ${err.message}\n  ${text}\n  ${marker}`);
  }
}
