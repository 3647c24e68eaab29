/** Who is on the far end of a call, as the PBX last told us. */
export interface RemoteIdentity {
  user: string;
  name: string;
}

/** Shown as the name when the PBX says the far end changed but gives no name for it. */
export const TRANSFERRED_NAME = 'Transferred';

/** Header values of one message, looked up by name (SIP.js `getHeader`). */
export type HeaderLookup = (name: string) => string | undefined;

const NAME_ADDR = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<"]*?))\s*<([^>]*)>(.*)$/;

function userOf(uri: string): string {
  const match = /^(?:sips?|tel):([^@;?>]*)/i.exec(uri.trim());
  return match?.[1] ? decodeURIComponent(match[1]) : '';
}

/** Parses one name-addr (`"Ann" <sip:1002@pbx>;party=calling`) or bare URI; null when unreadable. */
export function parseIdentityHeader(value: string): (RemoteIdentity & { withheld: boolean }) | null {
  const first = value.split(/,(?=\s*(?:"|<|sips?:|tel:))/)[0] ?? '';
  const match = NAME_ADDR.exec(first);
  const quoted = match?.[1]?.replace(/\\(.)/g, '$1');
  const name = (quoted ?? match?.[2] ?? '').trim();
  const uri = match ? (match[3] ?? '') : first.split(';')[0] ?? '';
  const params = match ? (match[4] ?? '') : first.slice(uri.length);
  const user = userOf(uri);
  if (!user && !name) return null;
  const withheld = /anonymous/i.test(user) || /;\s*privacy\s*=\s*(?:full|name|uri)\b/i.test(params);
  return { user: withheld ? '' : user, name: withheld ? '' : name, withheld };
}

/**
 * The identity an in-dialog re-INVITE or UPDATE asserts: `P-Asserted-Identity` first, then
 * `Remote-Party-ID` (Asterisk sends them after a transfer when the endpoint has `send_pai` /
 * `send_rpid`). Null when the request names nobody. A number without a name, or a withheld
 * identity, comes back with the name "Transferred": the old name would be wrong.
 */
export function assertedIdentity(header: HeaderLookup, current: RemoteIdentity): RemoteIdentity | null {
  const value = header('P-Asserted-Identity') ?? header('Remote-Party-ID');
  if (!value) return null;
  const parsed = parseIdentityHeader(value);
  if (!parsed) return null;
  if (parsed.withheld) return current.name === TRANSFERRED_NAME && current.user === '' ? null : { user: '', name: TRANSFERRED_NAME };
  if (parsed.user === current.user && (parsed.name === current.name || parsed.name === '')) return null;
  return { user: parsed.user || current.user, name: parsed.name || (parsed.user === current.user ? current.name : TRANSFERRED_NAME) };
}
