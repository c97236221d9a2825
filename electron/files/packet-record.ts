// What every capture-file reader yields and every writer takes, whatever the format.

export interface CaptureInterface {
  /** libpcap LINKTYPE_* value (1 = Ethernet, 113 = Linux cooked, ...). */
  linkType: number;
  snapLength: number;
  /** Interface name (pcapng if_name), e.g. "lo" or "eth0". */
  name?: string;
  description?: string;
  /**
   * Timestamp resolution as pcapng's if_tsresol byte: 6 = microseconds (the default), 9 =
   * nanoseconds, 0x80 | n = 2^-n seconds. Classic pcap files give 6 or 9.
   */
  tsresol?: number;
  /** pcapng if_tsoffset: seconds to add to every timestamp of this interface. */
  tsoffset?: number;
}

export interface PacketRecord {
  /** Index into the capture's interface list (always 0 for classic pcap). */
  interfaceId: number;
  /** Whole seconds since the Unix epoch. */
  seconds: number;
  /** Nanoseconds within that second (0..999,999,999), whatever the file's resolution. */
  nanos: number;
  /** Length on the wire; data.length is the captured length. */
  originalLength: number;
  /**
   * The captured bytes. Readers may hand out a view into a reusable buffer: copy it
   * (`data.slice()`) to keep it beyond the next packet.
   */
  data: Uint8Array;
  /** The packet's comments (pcapng opt_comment, one per option), in file order; undefined for none. */
  comments?: readonly string[];
  /** Byte offset of the packet's record or block in the file, for random access. */
  fileOffset: number;
}

/** Raised when a file is not a capture at all; says why. */
export class CaptureFormatError extends Error {
  constructor(message: string, readonly path?: string) {
    super(message);
    this.name = 'CaptureFormatError';
  }
}

/** A count or size as messages show it: 1,234,567. */
export const grouped = (n: number): string => n.toLocaleString('en-US');

/** Reading stopped early (truncated or corrupt file): what was read before stays valid. */
export interface ReadWarning {
  message: string;
  /** 1-based number of the packet that could not be read. */
  packetNumber: number;
  /** Byte offset in the file where reading stopped. */
  fileOffset: number;
}

/** The warning a reader gives where damage stops it, before packet `packetNumber` at `fileOffset`. */
export function readStopped(packetNumber: number, fileOffset: number, reason: string): ReadWarning {
  return {
    message: `Reading stopped at packet ${grouped(packetNumber)} (byte offset ${fileOffset}): ${reason}.`,
    packetNumber,
    fileOffset,
  };
}
