/** Log lines from a stream of bytes, each cut to a bounded length, so one endless line cannot exhaust memory. */
import { LIMITS } from '../../model/limits';

export interface LineSink {
  /** A line (without its line break), cut to LIMITS.logLineBytes bytes; `cut` says whether it was. */
  line(text: string, cut: boolean): void;
}

/**
 * Splits chunks at \n (a \r before it is dropped, as readline's crlfDelay: Infinity does) and keeps
 * at most LIMITS.logLineBytes bytes of a line; the rest of a longer line is skipped, not held.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private cut = false;

  constructor(private readonly sink: LineSink) {}

  push(chunk: Buffer): void {
    let from = 0;
    for (;;) {
      const lf = chunk.indexOf(0x0a, from);
      if (lf < 0) {
        this.keep(chunk.subarray(from));
        return;
      }
      this.keep(chunk.subarray(from, lf));
      this.emit();
      from = lf + 1;
    }
  }

  /** The last line, when the log does not end in a line break. */
  end(): void {
    if (this.pendingBytes > 0 || this.cut) this.emit();
  }

  private keep(part: Buffer): void {
    const room = LIMITS.logLineBytes - this.pendingBytes;
    if (part.length > room) this.cut = true;
    if (room <= 0 || part.length === 0) return;
    const kept = part.length > room ? part.subarray(0, room) : part;
    // A copy: the chunk's memory is reused by the stream.
    this.pending.push(Buffer.from(kept));
    this.pendingBytes += kept.length;
  }

  private emit(): void {
    let text = (this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending)).toString('utf8');
    if (!this.cut && text.endsWith('\r')) text = text.slice(0, -1);
    this.sink.line(text, this.cut);
    this.pending = [];
    this.pendingBytes = 0;
    this.cut = false;
  }
}
