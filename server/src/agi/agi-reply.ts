/** One complete answer from Asterisk to one command. */
export interface AgiReply {
  /** 200, 510, 511, 520, … */
  code: number;
  /** The `result=` value as sent: a number, or the digits of GET DATA (`1234`). Empty when absent. */
  result: string;
  /** The text in parentheses: `(timeout)`, a variable's value, … */
  data: string | null;
  endpos: number | null;
  /** Every raw line of the reply (several for a 520 usage message). */
  lines: string[];
}

const STATUS_LINE = /^(\d{3})([ -])(.*)$/;
const SUCCESS_BODY = /^result=(\S*)(?: \((.*)\))?(?: endpos=(-?\d+))?\s*$/;

/** What one line from Asterisk meant, once the command phase has started. */
export type AgiIncoming =
  | { kind: 'reply'; reply: AgiReply }
  /** Part of a multi-line 520; wait for more. */
  | { kind: 'partial' }
  /** Unsolicited `HANGUP`: the caller hung up. */
  | { kind: 'hangup' }
  | { kind: 'junk'; line: string };

/**
 * Turns the lines after the environment into replies. Keeps the state of a multi-line
 * `520-…` usage message, which ends with a line starting `520 `.
 */
export class AgiReplyAssembler {
  private usageLines: string[] | null = null;

  accept(line: string): AgiIncoming {
    if (this.usageLines) {
      this.usageLines.push(line);
      if (!line.startsWith('520 ')) return { kind: 'partial' };
      const lines = this.usageLines;
      this.usageLines = null;
      return { kind: 'reply', reply: { code: 520, result: '', data: null, endpos: null, lines } };
    }
    if (line === 'HANGUP') return { kind: 'hangup' };
    const status = STATUS_LINE.exec(line);
    if (!status) return { kind: 'junk', line };
    const code = Number(status[1]);
    if (status[2] === '-') {
      if (code !== 520) return { kind: 'junk', line };
      this.usageLines = [line];
      return { kind: 'partial' };
    }
    if (code !== 200) return { kind: 'reply', reply: { code, result: '', data: null, endpos: null, lines: [line] } };
    const body = SUCCESS_BODY.exec(status[3] ?? '');
    if (!body) return { kind: 'junk', line };
    const endpos = body[3] === undefined ? null : Number(body[3]);
    return { kind: 'reply', reply: { code, result: body[1] ?? '', data: body[2] ?? null, endpos, lines: [line] } };
  }
}
