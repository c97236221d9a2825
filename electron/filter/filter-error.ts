// What is wrong with a display filter, and where: every error names the place in the text (a start
// and a length, for the filter bar to underline) and says what was expected, from the catalog.

import { defineMessages, say, type MessageSpec } from '../text/catalog.js';
import type { MessageParams } from '../text/message-format.js';

export const FILTER_ERRORS = defineMessages('filter.error', {
  unexpected_end: 'The filter ends too early: {expected} was expected at the end',
  unexpected: 'Unexpected "{text}" at position {position}: {expected} was expected',
  unterminated_string: 'The string starting at position {position} has no closing quote',
  bad_escape: 'Unknown escape "{text}" in the string at position {position}',
  not_a_field: '"{name}" is not a field or protocol{suggestion, select, none {} other {: did you mean {suggestion}?}}',
  bad_value: '"{text}" is not {kind} ({field} is {kind})',
  bad_value_name: '"{text}" is not a value of {field}: it takes a number{names, select, none {} other { or one of {names}}}',
  not_comparable: '{field} ({kind}) cannot be compared with {operator}',
  no_value: '{field} has no value to compare: test it alone, as in "{field}"',
  bad_slice: '"{text}" is not a byte range: write [start:length], [start-end], [start] or [start:]',
  not_sliceable: '{field} ({kind}) has no bytes to take a range of',
  bad_regex: 'The regular expression "{text}" does not compile: {reason}',
  regex_not_written: 'matches takes a regular expression written as a string ("^www\\."), not the field {text}',
  unknown_function: '"{name}" is not a function: the functions are {functions}',
  bad_argument: '{name}() takes {expected}',
  literal_alone: '"{text}" alone is not a test: compare it with a field, as in "tcp.port == {text}"',
  empty_set: 'A set needs at least one value, as in "{example}"',
  too_long: 'The filter is longer than {max} characters',
  too_deep: 'The filter nests deeper than {max} levels',
});

/** What the parser expected where it stopped. */
export const FILTER_EXPECTED = defineMessages('filter.expected', {
  token: 'a field, a value or an operator',
  operand: 'a field, a protocol or a value',
  test: 'a field, a protocol or "("',
  close_paren: '")"',
  close_bracket: '"]"',
  close_brace: '"}" or ","',
  open_brace: '"{"',
  logical: '"and", "or", "xor" or the end of the filter',
  argument: 'an argument or ")"',
});

/** The kinds of values, as errors name them. */
export const VALUE_KINDS = defineMessages('filter.kind', {
  integer: 'an unsigned integer',
  signed: 'a signed integer',
  boolean: 'a boolean (1, 0, True or False)',
  ipv4: 'an IPv4 address or CIDR block (10.0.0.1, 10.0.0.0/8)',
  ipv6: 'an IPv6 address or prefix (::1, fe80::/10)',
  ether: 'a MAC address (02:00:00:00:00:01)',
  bytes: 'a byte string (aa:bb:cc)',
  string: 'a string ("text")',
  time: 'a time in seconds',
  absolute_time: 'a date and time ("2026-12-05 07:49:45")',
  framenum: 'a frame number',
  number: 'a number',
  protocol: 'a protocol',
  label: 'a label with no value',
});

export class FilterError extends Error {
  override readonly name = 'FilterError';
  constructor(
    readonly spec: MessageSpec,
    readonly params: MessageParams,
    /** Where in the filter text the problem is (0-based), and how many characters it spans. */
    readonly position: number,
    readonly length: number,
  ) {
    super(say(spec, params));
  }

  /** The stable code of the error (`filter.error.not_a_field`), for tests and tools. */
  get code(): string {
    return this.spec.id;
  }
}
