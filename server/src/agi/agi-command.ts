/** An argument of an AGI command: strings are quoted, numbers go as they are. */
export type AgiArgument = string | number;

const VERB = /^[A-Z]+(?: [A-Z]+)*$/;

/**
 * Quotes one argument the way Asterisk's parse_args() reads it: inside double quotes, a
 * backslash escapes the next character. CR and LF are removed, because a newline would end
 * the command and let caller-controlled text (caller ID, digits) inject a second one.
 */
export function quoteAgiArgument(value: string): string {
  const clean = value.replace(/[\r\n]/g, '');
  return `"${clean.replace(/["\\]/g, (character) => `\\${character}`)}"`;
}

/** Builds one command line, ending with LF. The verb must be upper-case words (`GET DATA`). */
export function formatAgiCommand(verb: string, args: readonly AgiArgument[]): string {
  if (!VERB.test(verb)) throw new TypeError(`not an AGI command verb: ${JSON.stringify(verb)}`);
  const parts = args.map((arg) => {
    if (typeof arg === 'number') {
      if (!Number.isFinite(arg)) throw new TypeError(`AGI argument must be a finite number, got ${arg}`);
      return String(Math.trunc(arg));
    }
    return quoteAgiArgument(arg);
  });
  return [verb, ...parts].join(' ') + '\n';
}
