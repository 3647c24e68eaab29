export type SqlValue = string | number | Date;

/** `WHERE a = ? AND b = ?` from the conditions whose value is present (undefined: no filter). */
export function whereClause(conditions: readonly (readonly [sql: string, value: SqlValue | undefined])[]): { clause: string; values: SqlValue[] } {
  const present = conditions.filter((condition): condition is readonly [string, SqlValue] => condition[1] !== undefined);
  return {
    clause: present.length ? `WHERE ${present.map(([sql]) => sql).join(' AND ')}` : '',
    values: present.map(([, value]) => value),
  };
}
