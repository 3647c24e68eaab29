/** Asterisk's key/value database (DBPut / DBGet / DBDel / DBGetTree). */
export class AstDb {
  private readonly entries = new Map<string, string>();

  private static key(family: string, key: string): string {
    return `/${family}/${key}`;
  }

  put(family: string, key: string, value: string): void {
    this.entries.set(AstDb.key(family, key), value);
  }

  get(family: string, key: string): string | undefined {
    return this.entries.get(AstDb.key(family, key));
  }

  /** True when the key existed. */
  del(family: string, key: string): boolean {
    return this.entries.delete(AstDb.key(family, key));
  }

  /** Entries under a family (and optional key prefix), sorted as astdb's tree walk. */
  tree(family = '', key = ''): Array<[string, string]> {
    const prefix = family ? (key ? AstDb.key(family, key) : `/${family}`) : '';
    return [...this.entries.entries()].filter(([k]) => k === prefix || k.startsWith(prefix ? `${prefix}/` : '/')).sort(([a], [b]) => a.localeCompare(b));
  }
}
