/** A DID in E.164 (`+` and 8–15 digits, no leading zero after the `+`), or why it is not one. */
export type DidResult = { ok: true; did: string } | { ok: false; error: string };

export interface NormaliseDidOptions {
  /** Country calling code put in front of a number given without one, e.g. `1` or `49`. */
  defaultCountryCode?: string;
}

// People paste numbers as they are printed: spaces, dashes, dots, parentheses.
const LAYOUT = /[\s\-.()]/g;
// E.164 allows at most 15 digits; fewer than 8 is no public number anywhere.
const E164 = /^\+[1-9]\d{7,14}$/;

/**
 * Normalises a DID as users type it into E.164, the one form stored and compared, so
 * `+1 (555) 123-4567`, `15551234567` and `0015551234567` are the same number. Errors are plain
 * words for the field.
 */
export function normaliseDid(input: string, options: NormaliseDidOptions = {}): DidResult {
  const compact = input.trim().replace(LAYOUT, '');
  if (compact === '') return { ok: false, error: 'Enter the phone number.' };
  if (!/^\+?\d+$/.test(compact)) return { ok: false, error: 'A phone number has only digits, spaces, dashes and an optional + in front.' };

  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else if (options.defaultCountryCode && compact.startsWith('0')) digits = options.defaultCountryCode + compact.slice(1);
  else digits = compact;

  const did = `+${digits}`;
  if (digits.length > 15) return { ok: false, error: 'That number is too long: international numbers have at most 15 digits.' };
  if (!E164.test(did)) return { ok: false, error: 'That number is too short or does not start with a country code.' };
  return { ok: true, did };
}
