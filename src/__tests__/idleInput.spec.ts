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
  it('tells the first input at once', () => {
    input();
    expect(report).toHaveBeenCalledTimes(1);
  });

  it('tells at most once a minute while a person types, and never loses the last input', () => {
    const start = Date.now();
    const told: number[] = [];
    report.mockImplementation(() => told.push((Date.now() - start) / 1000));
    // Typing every 10 seconds for five minutes; the last key at 4:50.
    for (let second = 0; second < 300; second += 10) {
      input();
      jest.advanceTimersByTime(10 * 1000);
    }
    jest.advanceTimersByTime(10 * INPUT_REPORT_MS);
    // The last minute's input (up to 4:50) told once that minute was up, at 5:00.
    expect(told).toEqual([0, 60, 120, 180, 240, 300]);
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
