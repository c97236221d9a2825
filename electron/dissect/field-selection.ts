// The fields a display filter reads, for a decoding that builds only those (DissectOptions.fields):
// a filter names a few fields, a packet has hundreds, and building the rest (objects, hex strings
// of payloads) was most of a filter's time on a big capture.

export class FieldSelection {
  /** Each field name asked about, and the answer (names repeat from packet to packet). */
  private readonly answers = new Map<string, boolean>();

  constructor(
    /** Fields kept by name (ip.src and ip.dst for ip.addr). */
    private readonly names: ReadonlySet<string>,
    /**
     * Protocols whose fields are kept wherever they appear: a filter that names a protocol finds
     * it inside another layer by its fields (the `data.data` an HTTP body holds).
     */
    private readonly protocols: readonly string[] = [],
  ) {}

  keeps(name: string): boolean {
    let kept = this.answers.get(name);
    if (kept === undefined) {
      kept = this.names.has(name) || this.protocols.some((p) => name.startsWith(p) && name.charCodeAt(p.length) === 0x2e);
      this.answers.set(name, kept);
    }
    return kept;
  }
}
