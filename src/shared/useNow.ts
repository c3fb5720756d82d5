import { IDisposable } from '@lumino/disposable';
import * as React from 'react';

import { Ticker, ticker as sharedTicker } from './ticker';

/**
 * The current time, renewed while `ref`'s element is on screen: after the delay that
 * `nextDelay` gives for each time (null: it shows nothing that changes any more). Off
 * screen (a hidden panel, a collapsed or scrolled-away section, a hidden tab) nothing
 * ticks; back on screen the view draws at once. `deps` are what `nextDelay` depends on
 * (the time shown), so that a new one starts the watch again.
 */
export function useNow(
  ref: React.RefObject<Element | null>,
  nextDelay: (now: number) => number | null,
  deps: React.DependencyList,
  ticker: Ticker = sharedTicker
): number {
  const [now, setNow] = React.useState(Date.now);
  const delayFor = React.useRef(nextDelay);
  delayFor.current = nextDelay;
  React.useEffect(() => {
    let watching: IDisposable | null = null;
    const show = (visible: boolean) => {
      watching?.dispose();
      watching = null;
      if (!visible) {
        return;
      }
      const shown = Date.now();
      setNow(shown);
      const delay = delayFor.current(shown);
      if (delay !== null) {
        watching = ticker.watch(delay, () => {
          const tick = Date.now();
          setNow(tick);
          return delayFor.current(tick);
        });
      }
    };
    // On screen until the observer says otherwise: a browser's reports at once, and
    // where there is none (tests' DOM) the view still ticks.
    show(true);
    const element = ref.current;
    const observer =
      element && typeof IntersectionObserver !== 'undefined'
        ? new IntersectionObserver(entries =>
            show(entries[entries.length - 1].isIntersecting)
          )
        : null;
    if (observer && element) {
      observer.observe(element);
    }
    return () => {
      observer?.disconnect();
      watching?.dispose();
    };
  }, [ticker, ...deps]);
  return now;
}

/**
 * How soon a relative age ("5 seconds ago", "3 minutes ago") can read differently: each
 * second in its first minute, then often enough that a new minute or hour shows soon.
 */
export function ageTickDelay(since: number, now: number): number {
  const age = now - since;
  if (age < 60 * 1000) {
    return 1000;
  }
  if (age < 60 * 60 * 1000) {
    return 10 * 1000;
  }
  return 60 * 1000;
}
