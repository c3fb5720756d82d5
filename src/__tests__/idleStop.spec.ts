import { Notification } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';

import { COUNTDOWN_SECONDS, IdleStopWatch } from '../instance/idleWatch';
import { showIdleCountdown } from '../instance/idleCountdown';
import { labNotices } from './fixtures';
import { INoticeOptions } from '../tokens';

const trans = nullTranslator.load('jupyterlab_qbraid');

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'];

let target: EventTarget;
let busy: jest.Mock<boolean, []>;
let watch: IdleStopWatch;
let changed: jest.Mock;
let expired: jest.Mock;
/** The countdown at each `changed`, in order. */
let seen: (number | null)[];

function makeWatch(minutes: number): IdleStopWatch {
  watch = new IdleStopWatch({ isKernelBusy: busy, inputTarget: target });
  changed = jest.fn();
  expired = jest.fn();
  seen = [];
  watch.changed.connect(() => {
    changed();
    seen.push(watch.countdown);
  });
  watch.expired.connect(expired);
  watch.minutes = minutes;
  return watch;
}

function advance(ms: number): void {
  jest.advanceTimersByTime(ms);
}

function input(type = 'keydown'): void {
  target.dispatchEvent(new Event(type));
}

beforeEach(() => {
  jest.useFakeTimers();
  target = new EventTarget();
  busy = jest.fn(() => false);
});

afterEach(() => {
  watch?.dispose();
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('IdleStopWatch', () => {
  it('counts down 60 seconds', () => {
    expect(COUNTDOWN_SECONDS).toBe(60);
  });

  it('is off at 0 minutes: no countdown ever', () => {
    makeWatch(0);

    advance(24 * 60 * MINUTE);

    expect(watch.minutes).toBe(0);
    expect(watch.countdown).toBeNull();
    expect(changed).not.toHaveBeenCalled();
    expect(expired).not.toHaveBeenCalled();
    expect(busy).not.toHaveBeenCalled();
  });

  it('takes a negative number of minutes as off', () => {
    makeWatch(-5);

    advance(60 * MINUTE);

    expect(watch.minutes).toBe(0);
    expect(changed).not.toHaveBeenCalled();
  });

  it('starts the countdown at 60 after the set minutes without input', () => {
    makeWatch(2);

    advance(2 * MINUTE - 5 * SECOND);
    expect(watch.countdown).toBeNull();
    expect(changed).not.toHaveBeenCalled();

    advance(5 * SECOND);
    expect(watch.countdown).toBe(60);
    expect(seen).toEqual([60]);
  });

  it('ticks down one each second, saying so each time', () => {
    makeWatch(1);
    advance(MINUTE);
    expect(watch.countdown).toBe(60);

    advance(SECOND);
    expect(watch.countdown).toBe(59);
    advance(3 * SECOND);
    expect(watch.countdown).toBe(56);

    expect(seen).toEqual([60, 59, 58, 57, 56]);
    expect(expired).not.toHaveBeenCalled();
  });

  it('emits expired once when the countdown reaches zero, and ends the countdown', () => {
    makeWatch(1);
    advance(MINUTE + 59 * SECOND);
    expect(watch.countdown).toBe(1);
    expect(expired).not.toHaveBeenCalled();

    advance(SECOND);

    expect(expired).toHaveBeenCalledTimes(1);
    expect(watch.countdown).toBeNull();
    // It said 0, then that the countdown ended, before expiring.
    expect(seen.slice(-3)).toEqual([1, 0, null]);
    expect(seen).toHaveLength(62);

    advance(30 * MINUTE);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it.each(INPUT_EVENTS)('cancels a running countdown on %s', type => {
    makeWatch(1);
    advance(MINUTE + 10 * SECOND);
    expect(watch.countdown).toBe(50);

    input(type);

    expect(watch.countdown).toBeNull();
    expect(seen[seen.length - 1]).toBeNull();
    advance(59 * SECOND);
    expect(watch.countdown).toBeNull();
    expect(expired).not.toHaveBeenCalled();
  });

  it('restarts the idle clock on input before any countdown', () => {
    makeWatch(1);
    advance(50 * SECOND);

    input('pointermove');
    advance(55 * SECOND);

    // 105 s since the start, but only 55 s since the input.
    expect(watch.countdown).toBeNull();
    expect(changed).not.toHaveBeenCalled();

    advance(5 * SECOND);
    expect(watch.countdown).toBe(60);
  });

  it('does not listen to input elsewhere than its target', () => {
    makeWatch(1);
    advance(MINUTE);

    document.dispatchEvent(new Event('keydown'));

    expect(watch.countdown).toBe(60);
  });

  it('keepRunning cancels the countdown and restarts the idle clock', () => {
    makeWatch(1);
    advance(MINUTE + 5 * SECOND);
    expect(watch.countdown).toBe(55);

    watch.keepRunning();

    expect(watch.countdown).toBeNull();
    expect(seen[seen.length - 1]).toBeNull();
    advance(55 * SECOND);
    expect(watch.countdown).toBeNull();
    advance(5 * SECOND);
    expect(watch.countdown).toBe(60);
    expect(expired).not.toHaveBeenCalled();
  });

  it('never starts the countdown while a kernel is busy', () => {
    busy.mockReturnValue(true);
    makeWatch(1);

    advance(30 * MINUTE);

    expect(watch.countdown).toBeNull();
    expect(changed).not.toHaveBeenCalled();
    expect(busy).toHaveBeenCalled();
  });

  it('counts the idle minutes from when the kernel was last seen busy', () => {
    makeWatch(1);
    busy.mockReturnValue(true);
    advance(10 * MINUTE);
    busy.mockReturnValue(false);

    advance(55 * SECOND);
    expect(watch.countdown).toBeNull();
    advance(5 * SECOND);
    expect(watch.countdown).toBe(60);
  });

  it('cancels a running countdown when a kernel turns busy', () => {
    makeWatch(1);
    advance(MINUTE + 3 * SECOND);
    expect(watch.countdown).toBe(57);

    busy.mockReturnValue(true);
    advance(SECOND);

    expect(watch.countdown).toBeNull();
    expect(seen).toEqual([60, 59, 58, 57, null]);
    advance(10 * MINUTE);
    expect(expired).not.toHaveBeenCalled();
  });

  it('cancels a running countdown when turned off', () => {
    makeWatch(1);
    advance(MINUTE);
    expect(watch.countdown).toBe(60);

    watch.minutes = 0;

    expect(watch.countdown).toBeNull();
    advance(10 * MINUTE);
    expect(watch.countdown).toBeNull();
    expect(expired).not.toHaveBeenCalled();
  });

  it('dispose removes every input listener it added and stops its timer', () => {
    const added = jest.spyOn(target, 'addEventListener');
    const removed = jest.spyOn(target, 'removeEventListener');
    makeWatch(1);
    expect(added.mock.calls.map(([type]) => type)).toEqual(INPUT_EVENTS);
    advance(MINUTE + SECOND);
    expect(watch.countdown).toBe(59);

    watch.dispose();

    expect(watch.isDisposed).toBe(true);
    expect(removed.mock.calls.map(([type, listener]) => [type, listener])).toEqual(
      added.mock.calls.map(([type, listener]) => [type, listener])
    );
    const calls = changed.mock.calls.length;
    input('keydown');
    advance(10 * MINUTE);
    expect(changed).toHaveBeenCalledTimes(calls);
    expect(expired).not.toHaveBeenCalled();

    // A second dispose is harmless.
    watch.dispose();
    expect(removed).toHaveBeenCalledTimes(INPUT_EVENTS.length);
  });
});

describe('showIdleCountdown', () => {
  let warning: jest.SpyInstance;
  let update: jest.SpyInstance;
  let dismiss: jest.SpyInstance;

  beforeEach(() => {
    warning = jest.spyOn(Notification, 'warning').mockReturnValue('idle-note');
    update = jest.spyOn(Notification, 'update').mockReturnValue(true);
    dismiss = jest.spyOn(Notification, 'dismiss').mockImplementation(() => undefined);
  });

  /** The options of the one warning shown. */
  const warningOptions = () => warning.mock.calls[0][1] as INoticeOptions;

  it('shows nothing until the countdown starts', () => {
    makeWatch(1);
    showIdleCountdown(watch, trans, labNotices());

    advance(MINUTE - SECOND);

    expect(warning).not.toHaveBeenCalled();
    expect(update).not.toHaveBeenCalled();
    expect(dismiss).not.toHaveBeenCalled();
  });

  it('shows one warning with the seconds left and a "Keep running" action', () => {
    makeWatch(1);
    showIdleCountdown(watch, trans, labNotices());

    advance(MINUTE);

    expect(warning).toHaveBeenCalledTimes(1);
    expect(warning.mock.calls[0][0]).toBe(
      'Idle for 1 minute: the qBraid instance stops in 60 s. Documents are saved first.'
    );
    expect(warningOptions().autoClose).toBe(false);
    expect(warningOptions().actions!.map(action => action.label)).toEqual([
      'Keep running'
    ]);
  });

  it('says minutes in the plural', () => {
    makeWatch(5);
    showIdleCountdown(watch, trans, labNotices());

    advance(5 * MINUTE);

    expect(warning.mock.calls[0][0]).toContain('Idle for 5 minutes');
    expect(warning.mock.calls[0][0]).toContain('stops in 60 s');
  });

  it('updates that same notification each second', () => {
    makeWatch(1);
    showIdleCountdown(watch, trans, labNotices());
    advance(MINUTE);

    advance(2 * SECOND);

    expect(warning).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledTimes(2);
    expect(update.mock.calls.map(([options]) => options.id)).toEqual([
      'idle-note',
      'idle-note'
    ]);
    expect(update.mock.calls[0][0].message).toContain('stops in 59 s');
    expect(update.mock.calls[1][0].message).toContain('stops in 58 s');
    expect(update.mock.calls[1][0]).toMatchObject({
      type: 'warning',
      autoClose: false
    });
    expect(update.mock.calls[1][0].actions.map((action: any) => action.label)).toEqual([
      'Keep running'
    ]);
  });

  it('"Keep running" keeps the instance running and dismisses the warning', () => {
    makeWatch(1);
    showIdleCountdown(watch, trans, labNotices());
    advance(MINUTE + SECOND);
    const keepRunning = jest.spyOn(watch, 'keepRunning');

    warningOptions().actions![0].callback();

    expect(keepRunning).toHaveBeenCalledTimes(1);
    expect(watch.countdown).toBeNull();
    expect(dismiss).toHaveBeenCalledTimes(1);
    expect(dismiss).toHaveBeenCalledWith('idle-note');
    advance(MINUTE);
    // The next countdown is a new notification.
    expect(warning).toHaveBeenCalledTimes(2);
  });

  it('dismisses the warning when input cancels the countdown', () => {
    makeWatch(1);
    showIdleCountdown(watch, trans, labNotices());
    advance(MINUTE + 4 * SECOND);

    input('pointerdown');

    expect(dismiss).toHaveBeenCalledWith('idle-note');
    advance(30 * SECOND);
    expect(update).toHaveBeenCalledTimes(4);
  });

  it('shows 0 s, then dismisses the warning when the countdown ends', () => {
    makeWatch(1);
    showIdleCountdown(watch, trans, labNotices());

    advance(2 * MINUTE);

    expect(expired).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledTimes(60);
    expect(update.mock.calls[59][0].message).toContain('stops in 0 s');
    expect(dismiss).toHaveBeenCalledTimes(1);
    expect(dismiss).toHaveBeenCalledWith('idle-note');
  });
});
