/**
 * Enough of Asterisk's dialplan to test the dialplan OnDeck installs: the extensions.conf
 * syntax (contexts, `exten =>`/`same =>`, numbered, `n` and labelled priorities), pattern
 * matching as pbx.c does it (`_` prefix, X Z N [..] . !, exact names before patterns, the
 * most specific pattern first) and a small interpreter for the applications the file uses.
 * Tests only: it throws on anything it does not understand, so a new construct in the file
 * cannot pass unchecked.
 */

export interface DialplanPriority {
  priority: number;
  label: string | null;
  app: string;
  /** The raw argument text between the parentheses. */
  args: string;
  line: number;
}

export interface DialplanExtension {
  name: string;
  priorities: DialplanPriority[];
}

export interface Dialplan {
  /** Context name → extensions in file order. */
  contexts: Map<string, DialplanExtension[]>;
}

/** Parses extensions.conf text. Throws with the line number on anything it cannot read. */
export function parseDialplan(text: string): Dialplan {
  const contexts = new Map<string, DialplanExtension[]>();
  let context: DialplanExtension[] | null = null;
  let current: DialplanExtension | null = null;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const content = stripComment(raw).trim();
    if (content === '') return;
    const header = /^\[([^\]]+)\]$/.exec(content);
    if (header?.[1]) {
      context = contexts.get(header[1]) ?? [];
      contexts.set(header[1], context);
      current = null;
      return;
    }
    const statement = /^(exten|same)\s*=>?\s*(.*)$/.exec(content);
    if (!statement?.[1] || statement[2] === undefined) throw new Error(`line ${line}: not a dialplan statement: ${content}`);
    if (!context) throw new Error(`line ${line}: statement outside a context`);
    let rest = statement[2];
    if (statement[1] === 'exten') {
      const comma = rest.indexOf(',');
      if (comma <= 0) throw new Error(`line ${line}: exten without a priority`);
      const name = rest.slice(0, comma).trim();
      rest = rest.slice(comma + 1);
      const ctx: DialplanExtension[] = context;
      current = ctx.find((extension) => extension.name === name) ?? null;
      if (!current) {
        current = { name, priorities: [] };
        ctx.push(current);
      }
    } else if (!current) {
      throw new Error(`line ${line}: same => without an exten before it`);
    }
    const extension: DialplanExtension = current;
    const comma = rest.indexOf(',');
    if (comma <= 0) throw new Error(`line ${line}: no application`);
    const priorityText = rest.slice(0, comma).trim();
    const application = rest.slice(comma + 1).trim();
    const previous = extension.priorities.at(-1)?.priority ?? 0;
    const priorityMatch = /^(n|\d+)(?:\(([A-Za-z0-9_-]+)\))?$/.exec(priorityText);
    if (!priorityMatch?.[1]) throw new Error(`line ${line}: priority "${priorityText}" not understood`);
    const priority = priorityMatch[1] === 'n' ? previous + 1 : Number(priorityMatch[1]);
    if (priority <= previous) throw new Error(`line ${line}: priority ${priority} does not follow ${previous}`);
    const app = /^([A-Za-z]+)(?:\((.*)\))?$/.exec(application);
    if (!app?.[1]) throw new Error(`line ${line}: application "${application}" not understood`);
    extension.priorities.push({ priority, label: priorityMatch[2] ?? null, app: app[1], args: app[2] ?? '', line });
  });
  return { contexts };
}

function stripComment(line: string): string {
  for (let index = 0; index < line.length; index++) {
    if (line[index] === ';' && line[index - 1] !== '\\') return line.slice(0, index);
  }
  return line;
}

/** Regex for one Asterisk pattern (without its `_`): X Z N [..] . ! ; `-` outside brackets is decoration. */
function patternRegex(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern.charAt(index);
    switch (char.toUpperCase()) {
      case 'X':
        source += '[0-9]';
        break;
      case 'Z':
        source += '[1-9]';
        break;
      case 'N':
        source += '[2-9]';
        break;
      case '.':
        source += '.+';
        break;
      case '!':
        source += '.*';
        break;
      case '-':
        break;
      case '[': {
        const end = pattern.indexOf(']', index);
        if (end === -1) throw new Error(`pattern _${pattern}: [ without ]`);
        source += `[${pattern.slice(index + 1, end).replace(/[\\^]/g, '\\$&')}]`;
        index = end;
        break;
      }
      default:
        source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** True when the dialled `number` matches extension `name` (`_` starts a pattern). */
export function extensionMatches(name: string, number: string): boolean {
  return name.startsWith('_') ? patternRegex(name.slice(1)).test(number) : name === number;
}

/** How many characters one pattern position accepts; Asterisk tries the narrowest first. */
function positionWeights(pattern: string): number[] {
  const weights: number[] = [];
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern.charAt(index).toUpperCase();
    if (char === '-') continue;
    if (char === '[') {
      const end = pattern.indexOf(']', index);
      weights.push(end - index - 1);
      index = end;
    } else weights.push({ X: 10, Z: 9, N: 8, '.': 1_000, '!': 1_001 }[char] ?? 1);
  }
  return weights;
}

/** The extension Asterisk runs for `number` in `context`: an exact name first, then the most specific pattern. */
export function findExtension(dialplan: Dialplan, context: string, number: string): DialplanExtension | null {
  const extensions = dialplan.contexts.get(context) ?? [];
  const exact = extensions.find((extension) => !extension.name.startsWith('_') && extension.name === number);
  if (exact) return exact;
  const candidates = extensions.filter((extension) => extension.name.startsWith('_') && extensionMatches(extension.name, number));
  candidates.sort((a, b) => {
    const wa = positionWeights(a.name.slice(1));
    const wb = positionWeights(b.name.slice(1));
    for (let index = 0; index < Math.min(wa.length, wb.length); index++) {
      const diff = (wa[index] ?? 0) - (wb[index] ?? 0);
      if (diff !== 0) return diff;
    }
    return wa.length - wb.length;
  });
  return candidates[0] ?? null;
}

/** What the PBX around the dialplan does: the AstDB, FastAGI and Dial outcomes. */
export interface DialplanWorld {
  astdb?: ReadonlyMap<string, string>;
  /** Runs an AGI() call: returns AGISTATUS (SUCCESS, FAILURE, HANGUP) and the variables the script set. */
  agi?: (url: string, args: string[]) => { status: 'SUCCESS' | 'FAILURE' | 'HANGUP'; variables?: Record<string, string> };
  /** DIALSTATUS for a Dial(); ANSWER by default. */
  dial?: (target: string) => string;
}

export interface ExecutedStep {
  app: string;
  /** Arguments after variable substitution. */
  args: string;
}

export interface DialplanRun {
  steps: ExecutedStep[];
  /** Hangup() ran, an AGI saw the caller hang up, or the priorities ran out (Asterisk hangs up then). */
  ended: 'hangup' | 'caller_hung_up' | 'fell_off';
  variables: Record<string, string>;
}

/** Runs `number` through `context` the way Asterisk would, recording each application with its substituted arguments. */
export function runDialplan(dialplan: Dialplan, context: string, number: string, world: DialplanWorld = {}): DialplanRun {
  const extension = findExtension(dialplan, context, number);
  if (!extension) throw new Error(`no extension in [${context}] matches ${number}`);
  const variables: Record<string, string> = { EXTEN: number, CONTEXT: context };
  const steps: ExecutedStep[] = [];
  let index = extension.priorities.findIndex((priority) => priority.priority === 1);
  if (index === -1) throw new Error(`${extension.name} has no priority 1`);
  for (let guard = 0; guard < 100; guard++) {
    const step = extension.priorities[index];
    if (!step) return { steps, ended: 'fell_off', variables };
    const args = substitute(step.args, variables, world);
    steps.push({ app: step.app, args });
    let next = index + 1;
    switch (step.app) {
      case 'Hangup':
        return { steps, ended: 'hangup', variables };
      case 'Answer':
      case 'NoOp':
      case 'Playback':
        break;
      case 'Set': {
        const equals = args.indexOf('=');
        if (equals <= 0) throw new Error(`line ${step.line}: Set without NAME=value`);
        variables[args.slice(0, equals)] = args.slice(equals + 1);
        break;
      }
      case 'Dial':
        variables.DIALSTATUS = world.dial?.(args.split(',')[0] ?? '') ?? 'ANSWER';
        break;
      case 'AGI': {
        const [url = '', ...agiArgs] = args.split(',');
        const result = world.agi?.(url, agiArgs) ?? { status: 'FAILURE' };
        Object.assign(variables, result.variables ?? {}, { AGISTATUS: result.status });
        if (result.status === 'HANGUP') return { steps, ended: 'caller_hung_up', variables };
        break;
      }
      case 'GotoIf':
      case 'Goto': {
        const target = step.app === 'Goto' ? args : gotoIfTarget(args, step.line);
        if (target === null) break;
        next = extension.priorities.findIndex((priority) => priority.label === target || String(priority.priority) === target);
        if (next === -1) throw new Error(`line ${step.line}: label "${target}" does not exist in ${extension.name}`);
        break;
      }
      default:
        throw new Error(`line ${step.line}: application ${step.app} is not simulated`);
    }
    index = next;
  }
  throw new Error(`${extension.name}: more than 100 steps (a loop?)`);
}

function gotoIfTarget(args: string, line: number): string | null {
  const question = args.indexOf('?');
  if (question === -1) throw new Error(`line ${line}: GotoIf without ?`);
  const condition = args.slice(0, question).trim();
  const [whenTrue = '', whenFalse = ''] = args.slice(question + 1).split(':');
  const truthy = condition !== '' && condition !== '0';
  const target = truthy ? whenTrue : whenFalse;
  return target === '' ? null : target;
}

/** `${VAR}`, `${VAR:offset[:length]}`, `${DB(family/key)}` and `$["a" = "b"]`, innermost first. */
function substitute(text: string, variables: Record<string, string>, world: DialplanWorld): string {
  let output = '';
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '$' && (text[index + 1] === '{' || text[index + 1] === '[')) {
      const open = text[index + 1];
      const close = open === '{' ? '}' : ']';
      let depth = 0;
      let end = index + 1;
      for (; end < text.length; end++) {
        if (text[end] === open) depth++;
        else if (text[end] === close && --depth === 0) break;
      }
      if (end >= text.length) throw new Error(`unclosed $${open} in ${text}`);
      const inner = substitute(text.slice(index + 2, end), variables, world);
      output += open === '{' ? evaluateVariable(inner, variables, world) : evaluateExpression(inner);
      index = end;
    } else output += text[index];
  }
  return output;
}

function evaluateVariable(inner: string, variables: Record<string, string>, world: DialplanWorld): string {
  const db = /^DB\(([^/]+)\/(.+)\)$/.exec(inner);
  if (db) return world.astdb?.get(`${db[1]}/${db[2]}`) ?? '';
  const slice = /^([A-Za-z_][A-Za-z0-9_]*)(?::(-?\d+)(?::(\d+))?)?$/.exec(inner);
  if (!slice?.[1]) throw new Error(`\${${inner}} is not simulated`);
  const value = variables[slice[1]] ?? '';
  if (slice[2] === undefined) return value;
  const offset = Number(slice[2]);
  const start = offset < 0 ? Math.max(value.length + offset, 0) : offset;
  return slice[3] === undefined ? value.slice(start) : value.slice(start, start + Number(slice[3]));
}

function evaluateExpression(inner: string): string {
  const comparison = /^\s*"([^"]*)"\s*(=|!=)\s*"([^"]*)"\s*$/.exec(inner);
  if (!comparison) throw new Error(`$[${inner}] is not simulated`);
  const equal = comparison[1] === comparison[3];
  return (comparison[2] === '=' ? equal : !equal) ? '1' : '0';
}
