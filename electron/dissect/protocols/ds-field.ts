// The Differentiated Services field IPv4 and IPv6 share (RFC 2474, RFC 3168): the class of
// service asked for (DSCP) and the congestion signal (ECN), with Wireshark's names for both.

/** DSCP values by their long names (Wireshark's dscp_vals). */
export const DSCP_NAMES: Readonly<Record<number, string>> = {
  0: 'Default', 1: 'Lower Effort', 8: 'Class Selector 1', 10: 'Assured Forwarding 11', 12: 'Assured Forwarding 12',
  14: 'Assured Forwarding 13', 16: 'Class Selector 2', 18: 'Assured Forwarding 21', 20: 'Assured Forwarding 22',
  22: 'Assured Forwarding 23', 24: 'Class Selector 3', 26: 'Assured Forwarding 31', 28: 'Assured Forwarding 32',
  30: 'Assured Forwarding 33', 32: 'Class Selector 4', 34: 'Assured Forwarding 41', 36: 'Assured Forwarding 42',
  38: 'Assured Forwarding 43', 40: 'Class Selector 5', 44: 'Voice-Admit', 46: 'Expedited Forwarding',
  48: 'Class Selector 6', 56: 'Class Selector 7',
};

/** The short names the DS field's own line uses ("DSCP: CS0"). */
const DSCP_SHORT: Readonly<Record<number, string>> = {
  0: 'CS0', 1: 'LE', 8: 'CS1', 10: 'AF11', 12: 'AF12', 14: 'AF13', 16: 'CS2', 18: 'AF21', 20: 'AF22', 22: 'AF23',
  24: 'CS3', 26: 'AF31', 28: 'AF32', 30: 'AF33', 32: 'CS4', 34: 'AF41', 36: 'AF42', 38: 'AF43', 40: 'CS5',
  44: 'VA', 46: 'EF', 48: 'CS6', 56: 'CS7',
};

export const ECN_NAMES: Readonly<Record<number, string>> = {
  0: 'Not ECN-Capable Transport',
  1: "ECN-Capable Transport codepoint '01'",
  2: "ECN-Capable Transport codepoint '10'",
  3: 'Congestion Experienced',
};

const ECN_SHORT = ['Not-ECT', 'ECT(1)', 'ECT(0)', 'CE'];

/** " (DSCP: CS0, ECN: Not-ECT)": what the DS byte's line adds after its value. */
export function dsSummary(ds: number): string {
  const dscp = ds >> 2;
  return ` (DSCP: ${DSCP_SHORT[dscp] ?? `Unknown (${dscp})`}, ECN: ${ECN_SHORT[ds & 3]})`;
}
