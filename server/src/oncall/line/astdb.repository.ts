import type { AmiActionPort } from '../../pbx';

/** Asterisk's key/value database, where the dialplan reads who is on call. */
export interface AstDb {
  put(family: string, key: string, value: string): Promise<void>;
  /** Deleting a key that is not there is not an error. */
  del(family: string, key: string): Promise<void>;
}

/**
 * Asterisk answers DBDel of a missing key with "Database entry could not be deleted" (older
 * versions: "Database entry not found"); either way the key is not there, which is what we want.
 */
function isMissingEntry(error: unknown): boolean {
  return error instanceof Error && /not found|could not be deleted/i.test(error.message);
}

/** AstDB over AMI (DBPut / DBDel). */
export class AmiAstDb implements AstDb {
  constructor(private readonly ami: AmiActionPort) {}

  async put(family: string, key: string, value: string): Promise<void> {
    await this.ami.action({ Action: 'DBPut', Family: family, Key: key, Val: value });
  }

  async del(family: string, key: string): Promise<void> {
    try {
      await this.ami.action({ Action: 'DBDel', Family: family, Key: key });
    } catch (error) {
      if (!isMissingEntry(error)) throw error;
    }
  }
}
