/**
 * Makes two spellings of one number compare equal: drops spaces, dashes, dots and brackets,
 * and reads an international `00` prefix as `+`. Extensions pass through unchanged.
 */
export function normalizePhone(value: string): string {
  const compact = value.trim().replace(/[\s\-.()]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

export function samePhone(a: string, b: string): boolean {
  const left = normalizePhone(a);
  return left !== '' && left === normalizePhone(b);
}

/** What SAY DIGITS can speak: the digits of the number (a leading + is not a digit). */
export function spokenDigits(phone: string): string {
  return phone.replace(/[^0-9*#]/g, '');
}
