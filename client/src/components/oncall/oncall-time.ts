/** A shift or override time in the schedule's own time zone (the browser's when there is none). */
export function formatShiftTime(iso: string, timeZone: string | null): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  if (timeZone) options.timeZone = timeZone;
  return new Intl.DateTimeFormat(undefined, options).format(new Date(iso));
}
