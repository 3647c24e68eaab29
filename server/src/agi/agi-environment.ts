/** Where the AGI() call in the dialplan pointed: `agi://host:port/script?x=y`. */
export interface AgiRequest {
  script: string;
  query: URLSearchParams;
}

/** The `agi_*` variables Asterisk sends before the first command. Caller ID fields are untrusted text. */
export interface AgiEnvironment {
  /** Every variable as sent, keys without changes (`agi_callerid`). */
  variables: ReadonlyMap<string, string>;
  request: AgiRequest;
  /** `agi_arg_1..n`: the AGI() arguments after the URL, in order. */
  args: string[];
  channel: string;
  uniqueid: string;
  /** Null when Asterisk reports none (`unknown` or empty). */
  callerId: string | null;
  callerIdName: string | null;
  context: string;
  extension: string;
}

/**
 * Reads one `agi_name: value` line, split on the first `": "` because values can hold `: `
 * themselves. A line ending in `:` is an empty value whose trailing space was lost. Returns
 * null for anything else.
 */
export function parseEnvironmentLine(line: string): [string, string] | null {
  const separator = line.indexOf(': ');
  const key = separator === -1 ? (line.endsWith(':') ? line.slice(0, -1) : '') : line.slice(0, separator);
  if (!/^agi_[a-z0-9_]+$/i.test(key)) return null;
  return [key, separator === -1 ? '' : line.slice(separator + 2)];
}

/**
 * Takes the script and query from `agi_request` (`agi://127.0.0.1:4573/oncall-takeover?division=1`).
 * The host may be an IPv6 literal with colons, so the path starts at the first `/` after `//`.
 * Falls back to `agi_network_script` (`oncall-takeover?division=1`).
 */
export function parseAgiRequest(request: string | undefined, networkScript: string | undefined): AgiRequest {
  let target = networkScript ?? '';
  if (request) {
    const afterScheme = request.indexOf('//');
    const rest = afterScheme === -1 ? request : request.slice(afterScheme + 2);
    const slash = rest.indexOf('/');
    target = slash === -1 ? '' : rest.slice(slash + 1);
  }
  const questionMark = target.indexOf('?');
  const path = questionMark === -1 ? target : target.slice(0, questionMark);
  const query = new URLSearchParams(questionMark === -1 ? '' : target.slice(questionMark + 1));
  return { script: safeDecode(path), query };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function presentCallerText(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.toLowerCase() === 'unknown' ? null : trimmed;
}

export function buildAgiEnvironment(variables: ReadonlyMap<string, string>): AgiEnvironment {
  const args: string[] = [];
  for (let index = 1; variables.has(`agi_arg_${index}`); index++) args.push(variables.get(`agi_arg_${index}`) ?? '');
  return {
    variables,
    request: parseAgiRequest(variables.get('agi_request'), variables.get('agi_network_script')),
    args,
    channel: variables.get('agi_channel') ?? '',
    uniqueid: variables.get('agi_uniqueid') ?? '',
    callerId: presentCallerText(variables.get('agi_callerid')),
    callerIdName: presentCallerText(variables.get('agi_calleridname')),
    context: variables.get('agi_context') ?? '',
    extension: variables.get('agi_extension') ?? '',
  };
}
