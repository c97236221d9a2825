// `cap` reports the opened device's link type as a name, or "Unknown linktype N" with libpcap's
// DLT_ number; capture files need the LINKTYPE_ number.

const NAMED: Record<string, number> = {
  NULL: 0,
  ETHERNET: 1,
  IEEE802_11_RADIO: 127,
  LINKTYPE_LINUX_SLL: 113,
  // cap's "RAW" is DLT_RAW, whose number differs between systems; LINKTYPE_RAW is 101 everywhere.
  RAW: 101,
};

/** DLT_ numbers that are not equal to their LINKTYPE_ number. */
const DLT_TO_LINKTYPE: Record<number, number> = {
  12: 101, // DLT_RAW on most systems
  14: 101, // DLT_RAW on OpenBSD
};

export function linkTypeOfCap(name: string): number {
  if (name in NAMED) return NAMED[name];
  const match = /(\d+)/.exec(name);
  if (!match) return 1;
  const dlt = Number(match[1]);
  return DLT_TO_LINKTYPE[dlt] ?? dlt;
}
