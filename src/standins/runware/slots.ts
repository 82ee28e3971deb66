import type { IncomingMessage } from 'http';

/**
 * How many requests may hold a body in memory at once (read, parsed, decoded, probed), and how many
 * may wait for their turn. The limits are ours, not Runware's: they keep a flood of large posts from
 * filling the memory of the machine the stand-in shares. Waiting follows Runware, whose docs say
 * requests queue under load (runware-api.md); a waiting request's body stays in the kernel's buffers.
 */

/** Four 64 MB bodies and their decoded copies fit in well under 1 GB; our tests and demo post one or two at a time. */
export const MAX_BODIES_IN_MEMORY = 4;
/** Past this many waiting, a request is answered 503 with Retry-After at once (a batch of ten jobs polls ten at a time at most). */
export const MAX_WAITING_FOR_A_BODY = 64;

export type Release = () => void;

export class BodySlots {
  private busy = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max = MAX_BODIES_IN_MEMORY, private readonly maxWaiting = MAX_WAITING_FOR_A_BODY) {}

  /**
   * A slot for this request's body, once one is free: 'full' when too many wait already, 'gone'
   * when the client left while waiting. Call the release once the answer is built.
   */
  async take(req: IncomingMessage): Promise<Release | 'full' | 'gone'> {
    if (this.busy < this.max) return this.grant();
    if (this.waiting.length >= this.maxWaiting) return 'full';
    const turn = await new Promise<boolean>((resolve) => {
      const onTurn = (): void => {
        req.off('close', onLeave);
        resolve(true);
      };
      const onLeave = (): void => {
        const i = this.waiting.indexOf(onTurn);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(false);
      };
      this.waiting.push(onTurn);
      req.once('close', onLeave);
    });
    return turn ? this.grant() : 'gone';
  }

  /** Requests holding a slot, and waiting for one, now. */
  load(): { bodiesInMemory: number; waitingForBody: number } {
    return { bodiesInMemory: this.busy, waitingForBody: this.waiting.length };
  }

  private grant(): Release {
    this.busy += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busy -= 1;
      this.waiting.shift()?.();
    };
  }
}
