/**
 * Cuts a byte stream into lines. Asterisk ends lines with a bare LF; a CR before it is dropped
 * too. A line longer than `maxLineLength` bytes throws, so a peer cannot make us buffer forever.
 */
export class AgiLineSplitter {
  private buffered = '';

  constructor(private readonly maxLineLength: number) {}

  push(chunk: string): string[] {
    this.buffered += chunk;
    const lines: string[] = [];
    let newline = this.buffered.indexOf('\n');
    while (newline !== -1) {
      const line = this.buffered.slice(0, newline);
      if (line.length > this.maxLineLength) throw new RangeError(`line longer than ${this.maxLineLength} bytes`);
      lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
      this.buffered = this.buffered.slice(newline + 1);
      newline = this.buffered.indexOf('\n');
    }
    if (this.buffered.length > this.maxLineLength) {
      throw new RangeError(`line longer than ${this.maxLineLength} bytes`);
    }
    return lines;
  }
}
