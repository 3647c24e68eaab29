/** Ids whose views may have changed during one apply; the model rebuilds only these. */
export class DirtySet {
  readonly calls = new Set<string>();
  readonly extensions = new Set<string>();
  readonly queues = new Set<string>();

  get empty(): boolean {
    return this.calls.size === 0 && this.extensions.size === 0 && this.queues.size === 0;
  }

  clear(): void {
    this.calls.clear();
    this.extensions.clear();
    this.queues.clear();
  }
}
