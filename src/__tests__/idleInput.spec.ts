import { INPUT_REPORT_MS, InputReporter } from '../instance/idleInput';

let target: EventTarget;
let report: jest.Mock;
let urgent: boolean;
let reporter: InputReporter;

beforeEach(() => {
  jest.useFakeTimers();
  target = new EventTarget();
  report = jest.fn();
  urgent = false;
  reporter = new InputReporter({ report, urgent: () => urgent, target });
});

afterEach(() => {
  reporter.dispose();
  jest.useRealTimers();
});

function input(type = 'keydown'): void {
  target.dispatchEvent(new Event(type));
}

describe('InputReporter', () => {
  it('tells the first input at once, as just now', () => {
    input();
    expect(report.mock.calls).toEqual([[0]]);
  });

  it('tells at most once a minute while a person types, and never loses the last input', () => {
    const start = Date.now();
    const told: { at: number; inputAt: number }[] = [];
    report.mockImplementation((secondsAgo: number) => {
      const at = (Date.now() - start) / 1000;
      told.push({ at, inputAt: at - secondsAgo });
    });
    // Typing every 10 seconds for five minutes; the last key at 4:50.
    for (let second = 0; second < 300; second += 10) {
      input();
      jest.advanceTimersByTime(10 * 1000);
    }
    jest.advanceTimersByTime(10 * INPUT_REPORT_MS);
    // The last minute's input told once that minute was up, with when its last key was:
    // the last one, at 4:50, told at 5:00.
    expect(told).toEqual([
      { at: 0, inputAt: 0 },
      { at: 60, inputAt: 50 },
      { at: 120, inputAt: 110 },
      { at: 180, inputAt: 170 },
      { at: 240, inputAt: 230 },
      { at: 300, inputAt: 290 }
    ]);
  });

  it('tells a press just after an urgent report a minute later, as a minute old', () => {
    // "Keep running" clicked: the pointer's move is told at once while the warning shows,
    // the press just after it, once the server has said the instance runs on, is not.
    urgent = true;
    input('pointermove');
    urgent = false;
    input('pointerdown');
    jest.advanceTimersByTime(INPUT_REPORT_MS);
    expect(report.mock.calls).toEqual([[0], [60]]);
  });

  it.each(['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'])(
    'counts %s as input',
    type => {
      input(type);
      expect(report).toHaveBeenCalledTimes(1);
    }
  );

  it('tells every input at once while a warning is on screen', () => {
    input();
    urgent = true;
    input();
    input();
    expect(report).toHaveBeenCalledTimes(3);
  });

  it('stops listening once disposed', () => {
    input();
    input();
    reporter.dispose();
    jest.advanceTimersByTime(INPUT_REPORT_MS);
    input();
    expect(report).toHaveBeenCalledTimes(1);
  });
});
