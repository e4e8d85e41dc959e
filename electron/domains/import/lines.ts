// Lines of a text file fed in chunks (latin-1: the byte values survive, line breaks are found).
export class LineScanner {
  private carry = '';
  /** a line longer than this is cut (the rest is dropped); no text CAD format needs more */
  static readonly MAX_LINE = 1 << 20;

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Uint8Array): void {
    const text = this.carry + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    const parts = text.split('\n');
    this.carry = parts.pop()!;
    if (this.carry.length > LineScanner.MAX_LINE) this.carry = this.carry.slice(0, LineScanner.MAX_LINE);
    for (const p of parts) this.onLine(p);
  }

  finish(): void {
    if (this.carry) this.onLine(this.carry);
    this.carry = '';
  }
}
