import { nullTranslator } from '@jupyterlab/translation';
import { act, fireEvent, render, screen } from '@testing-library/react';
import * as React from 'react';

import { UpdatedAt } from '../account/UpdatedAt';
import { RelativeTime } from '../shared/RelativeTime';
import { SectionStatus } from '../shared/SectionStatus';
import { ticker, Ticker } from '../shared/ticker';
import { ageTickDelay } from '../shared/useNow';
import { apiError, CREDITS, section } from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');

let hidden = false;

beforeAll(() => {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
});

afterAll(() => {
  delete (document as any).hidden;
});

beforeEach(() => {
  jest.useFakeTimers();
  hidden = false;
});

afterEach(() => {
  jest.useRealTimers();
});

function setHidden(value: boolean) {
  hidden = value;
  document.dispatchEvent(new Event('visibilitychange'));
}

const advance = (ms: number) =>
  act(() => {
    jest.advanceTimersByTime(ms);
  });

describe('Ticker', () => {
  it('runs no timer while nothing watches', () => {
    const own = new Ticker();
    expect(jest.getTimerCount()).toBe(0);

    const watching = own.watch(1000, () => 1000);
    expect(jest.getTimerCount()).toBe(1);
    watching.dispose();
    expect(jest.getTimerCount()).toBe(0);
    expect(own.watching).toBe(0);
  });

  it('calls each watcher when due, at the delay it asks for next, until it says null', () => {
    const own = new Ticker();
    const fast = jest.fn(() => 1000);
    let slowCalls = 0;
    const slow = jest.fn(() => (++slowCalls < 2 ? 5000 : null));
    own.watch(1000, fast);
    own.watch(5000, slow);

    jest.advanceTimersByTime(999);
    expect(fast).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fast).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(4000);
    expect(fast).toHaveBeenCalledTimes(5);
    expect(slow).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(5000);
    expect(slow).toHaveBeenCalledTimes(2);
    expect(own.watching).toBe(1);
    jest.advanceTimersByTime(10000);
    expect(slow).toHaveBeenCalledTimes(2);
  });

  it('stops while the page is hidden and calls what fell due once it is back', () => {
    const own = new Ticker();
    const watch = jest.fn(() => 1000);
    const watching = own.watch(1000, watch);

    setHidden(true);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(60000);
    expect(watch).not.toHaveBeenCalled();

    setHidden(false);
    expect(watch).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1000);
    expect(watch).toHaveBeenCalledTimes(2);
    watching.dispose();
  });
});

describe('ageTickDelay', () => {
  it('ticks each second in the first minute, then less often', () => {
    expect(ageTickDelay(0, 59_000)).toBe(1000);
    expect(ageTickDelay(0, 10 * 60_000)).toBe(10_000);
    expect(ageTickDelay(0, 2 * 3600_000)).toBe(60_000);
  });
});

describe('live ages', () => {
  it('an age reads differently as time passes, with no help', () => {
    const { container } = render(<RelativeTime date={new Date(Date.now() - 5000)} />);
    expect(container.textContent).toBe('5 seconds ago');

    advance(1000);
    expect(container.textContent).toBe('6 seconds ago');

    advance(60_000);
    expect(container.textContent).toBe('1 minute ago');
  });

  it('"Updated" follows, and its watch ends with the view', () => {
    const { container, unmount } = render(
      <dl>
        <UpdatedAt
          updatedAt={new Date(Date.now() - 59_000)}
          stale={false}
          trans={trans}
        />
      </dl>
    );
    expect(container.querySelector('dd')!.textContent).toBe('59 seconds ago');
    expect(ticker.watching).toBe(1);

    advance(2000);
    expect(container.querySelector('dd')!.textContent).toBe('1 minute ago');

    unmount();
    expect(ticker.watching).toBe(0);
  });

  it('"Showing credits last updated …" under an error follows too', () => {
    render(
      <SectionStatus
        state={section({
          data: CREDITS,
          updatedAt: new Date(Date.now() - 30_000),
          error: apiError('server_error', 'The qBraid API failed (500).', 500)
        })}
        of="credits"
        onRetry={jest.fn()}
        trans={trans}
      />
    );
    const stale = () => document.querySelector('.jp-qbraid-Stale')!.textContent;
    expect(stale()).toBe(
      'Showing credits last updated 30 seconds ago; they may be out of date.'
    );

    advance(90_000);
    expect(stale()).toBe(
      'Showing credits last updated 2 minutes ago; they may be out of date.'
    );
  });
});

describe('Retry during a Retry-After', () => {
  function renderRateLimited(retryAfterS: number) {
    const onRetry = jest.fn();
    render(
      <SectionStatus
        state={section({
          error: apiError(
            'rate_limited',
            'qBraid is limiting requests.',
            429,
            retryAfterS
          ),
          retryAt: new Date(Date.now() + retryAfterS * 1000)
        })}
        of="credits"
        onRetry={onRetry}
        trans={trans}
      />
    );
    return onRetry;
  }

  const retryButton = () =>
    document.querySelector<HTMLButtonElement>('.jp-qbraid-RetryButton')!;

  it('counts the seconds down and sends nothing before they are over', () => {
    const onRetry = renderRateLimited(30);
    expect(retryButton().textContent).toBe('Try again in 30 s');
    expect(retryButton().disabled).toBe(true);

    advance(1000);
    expect(retryButton().textContent).toBe('Try again in 29 s');
    fireEvent.click(retryButton());
    expect(onRetry).not.toHaveBeenCalled();

    advance(28_999);
    expect(retryButton().textContent).toBe('Try again in 1 s');

    advance(1);
    const retry = screen.getByRole('button', { name: 'Retry' }) as HTMLButtonElement;
    expect(retry.disabled).toBe(false);
    fireEvent.click(retry);
    expect(onRetry).toHaveBeenCalledTimes(1);
    // Over: nothing more to count.
    expect(ticker.watching).toBe(0);
  });

  it('says Retry at once when the wait is already over', () => {
    const onRetry = jest.fn();
    render(
      <SectionStatus
        state={section({
          error: apiError('rate_limited', 'qBraid is limiting requests.', 429, 30),
          retryAt: new Date(Date.now() - 1)
        })}
        of="credits"
        onRetry={onRetry}
        trans={trans}
      />
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});
