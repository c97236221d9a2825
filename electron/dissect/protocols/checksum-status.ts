// The status Wireshark gives a verified checksum (its proto_checksum_status values), shared by
// every protocol that carries an Internet checksum.

export const CHECKSUM_STATUS: Readonly<Record<number, string>> = {
  0: 'Bad',
  1: 'Good',
  2: 'Unverified',
  3: 'Not present',
  4: 'Illegal',
};
