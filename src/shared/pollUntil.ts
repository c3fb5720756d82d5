import { PromiseDelegate } from '@lumino/coreutils';
import { Poll } from '@lumino/polling';

/**
 * Wait for something only a repeated look can tell: `check` runs every `interval` ms, the
 * first time one interval from now, until it answers true. Rejects with what `check`
 * threw. It runs whether or not the tab is visible, since whoever waits is waiting now.
 */
export function pollUntil(options: pollUntil.IOptions): Promise<void> {
  const { check, interval, name } = options;
  const done = new PromiseDelegate<void>();
  const poll = new Poll({
    auto: false,
    name,
    frequency: { interval, backoff: false },
    standby: 'never',
    factory: async () => {
      try {
        if (await check()) {
          done.resolve();
          poll.dispose();
        }
      } catch (error) {
        done.reject(error);
        poll.dispose();
      }
    }
  });
  // Not `start()`, which looks at once: the first look waits one interval too.
  void poll.schedule({ interval, phase: 'started' });
  return done.promise;
}

export namespace pollUntil {
  export interface IOptions {
    /** Whether the wait is over. */
    check: () => Promise<boolean>;
    interval: number;
    /** The poll's name, as devtools and Lumino's logs show it. */
    name: string;
  }
}
