/**
 * The SQL conditions the call log, its export and the reports share, so they can never disagree
 * on which calls a user may see or a filter matches. Each condition is about one CDR row (one
 * leg, alias given); a call matches when any of its legs does (an EXISTS over its linkedid).
 *
 * Conditions are written so every branch can use an index (equality, or LIKE with a fixed
 * prefix): a party's channel is matched as `PJSIP/1001-%`, `SIP/1001-%`, `IAX2/1001-%` or
 * `Local/1001@%`, never through a function of the column.
 */
export interface SqlFragment {
  sql: string;
  params: Array<string | number>;
}

/** Channel technologies whose names carry an extension: `PJSIP/1001-0000002f`, `Local/1001@from-queue-…;1`. */
const CHANNEL_TECHS = ['PJSIP', 'SIP', 'IAX2'] as const;

/** LIKE treats `_` and `%` as wildcards and `\` as its escape: all three are taken literally here. */
export function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** A condition on one leg, written against whatever alias the query gives that leg. */
export type LegCondition = (alias: string) => SqlFragment;

export const NEVER: SqlFragment = { sql: '0 = 1', params: [] };
export const ALWAYS: SqlFragment = { sql: '1 = 1', params: [] };

export function anyOf(fragments: readonly SqlFragment[]): SqlFragment {
  if (fragments.length === 0) return NEVER;
  return { sql: `(${fragments.map((fragment) => fragment.sql).join(' OR ')})`, params: fragments.flatMap((fragment) => fragment.params) };
}

export function allOf(fragments: readonly SqlFragment[]): SqlFragment {
  if (fragments.length === 0) return ALWAYS;
  return { sql: `(${fragments.map((fragment) => fragment.sql).join(' AND ')})`, params: fragments.flatMap((fragment) => fragment.params) };
}

/** The leg's channel or dstchannel is this party's (an extension), exactly or by number prefix. */
function channelOf(alias: string, column: 'channel' | 'dstchannel', party: string, prefix: boolean): SqlFragment[] {
  const escaped = likeEscape(party);
  const tail = prefix ? '%' : '-%';
  return [
    ...CHANNEL_TECHS.map((tech) => ({ sql: `${alias}.${column} LIKE ?`, params: [`${tech}/${escaped}${tail}`] })),
    { sql: `${alias}.${column} LIKE ?`, params: [`Local/${escaped}${prefix ? '%' : '@%'}`] },
  ];
}

/**
 * The leg involves one of these parties: as the caller (src, cnum), the number dialled (dst),
 * the DID, or a channel of theirs on either side.
 */
export function legInvolves(alias: string, parties: readonly string[], options: { prefix?: boolean; did?: boolean } = {}): SqlFragment {
  if (parties.length === 0) return NEVER;
  const prefix = options.prefix ?? false;
  const columns = ['src', 'cnum', 'dst', ...(options.did ? ['did'] : [])];
  const byColumn: SqlFragment[] = prefix
    ? parties.flatMap((party) => columns.map((column) => ({ sql: `${alias}.${column} LIKE ?`, params: [`${likeEscape(party)}%`] })))
    : columns.map((column) => ({ sql: `${alias}.${column} IN (${parties.map(() => '?').join(', ')})`, params: [...parties] }));
  const byChannel = parties.flatMap((party) => [...channelOf(alias, 'channel', party, prefix), ...channelOf(alias, 'dstchannel', party, prefix)]);
  return anyOf([...byColumn, ...byChannel]);
}

/** The leg waited in one of these queues (FreePBX: the caller's leg runs Queue(<queue>,…)). */
export function legInQueues(alias: string, queues: readonly string[]): SqlFragment {
  if (queues.length === 0) return NEVER;
  return {
    sql: `(${alias}.lastapp = 'Queue' AND (${alias}.lastdata IN (${queues.map(() => '?').join(', ')}) OR ${queues.map(() => `${alias}.lastdata LIKE ?`).join(' OR ')}))`,
    params: [...queues, ...queues.map((queue) => `${likeEscape(queue)},%`)],
  };
}

export function legHasRecording(alias: string): SqlFragment {
  return { sql: `${alias}.recordingfile <> ''`, params: [] };
}

/** Some leg of the anchor's call matches. `table` is a validated identifier. */
export function callHasLeg(table: string, anchorAlias: string, legAlias: string, condition: SqlFragment): SqlFragment {
  return {
    sql: `EXISTS (SELECT 1 FROM \`${table}\` ${legAlias} WHERE ${legAlias}.linkedid = ${anchorAlias}.linkedid AND ${condition.sql})`,
    params: condition.params,
  };
}
