// Runs in the panel's page. At most one render in flight; the newest request wins.
//
// Mermaid cannot be interrupted once it has started laying out, so "aborting" a superseded
// render means: let it finish, drop its result, and start the newest request at once. Requests
// made while a render runs replace each other, so a burst of edits costs at most two renders
// (the one running and the last one), and nothing older than what is shown ever appears.

export interface RenderJob<K> {
  key: K;
  /** When the request was made (performance.now()), to measure request -> on screen. */
  requestedAt: number;
}

export class RenderQueue<K, R> {
  private running = false;
  private pending: RenderJob<K> | undefined;
  /** Key of the last result delivered (success or failure). */
  private delivered: K | undefined;
  private hasDelivered = false;
  /** Key currently being rendered, if any. */
  private current: K | undefined;
  private superseded = 0;

  constructor(
    private readonly render: (key: K) => Promise<R>,
    private readonly deliver: (key: K, result: R, job: RenderJob<K>) => void,
    private readonly same: (a: K, b: K) => boolean = Object.is,
    /** Called when the last render is done and nothing is queued (delivered or not). */
    private readonly idle: () => void = () => undefined,
  ) {}

  /**
   * Asks for `key` to be rendered; a no-op when it is what is shown or already being rendered
   * with nothing newer queued. Returns whether a render result for `key` is coming.
   */
  request(key: K, requestedAt: number): boolean {
    if (!this.running && this.hasDelivered && this.same(this.delivered as K, key)) {
      this.pending = undefined;
      return false;
    }
    if (this.running && this.current !== undefined && this.same(this.current, key)) {
      // The render in flight is exactly this: forget anything queued after it.
      this.pending = undefined;
      return true;
    }
    this.pending = { key, requestedAt };
    if (!this.running) void this.pump();
    return true;
  }

  /** Forgets what was shown, so the next request renders even if its key is the same (e.g. after a theme change). */
  invalidate(): void {
    this.hasDelivered = false;
    this.delivered = undefined;
  }

  get busy(): boolean {
    return this.running;
  }

  /** How many finished renders were dropped because a newer request came in meanwhile. */
  get supersededCount(): number {
    return this.superseded;
  }

  private async pump(): Promise<void> {
    this.running = true;
    try {
      while (this.pending) {
        const job = this.pending;
        this.pending = undefined;
        if (this.hasDelivered && this.same(this.delivered as K, job.key)) continue;
        this.current = job.key;
        let result: R;
        try {
          result = await this.render(job.key);
        } finally {
          this.current = undefined;
        }
        // Re-read: requests made while Mermaid worked have replaced `pending` (TS cannot see that).
        const newer = this.pending as RenderJob<K> | undefined;
        if (newer && !this.same(newer.key, job.key)) {
          this.superseded++;
          continue;
        }
        this.pending = undefined;
        this.delivered = job.key;
        this.hasDelivered = true;
        this.deliver(job.key, result, job);
      }
    } finally {
      this.running = false;
    }
    this.idle();
  }
}
