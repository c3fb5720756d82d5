import { pollUntil } from '../shared/pollUntil';

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('pollUntil', () => {
  it('looks first after one interval, then each interval, until the check says done', async () => {
    const answers = [false, false, true];
    const check = jest.fn(async () => answers.shift()!);
    let done = false;
    const wait = pollUntil({ check, interval: 100, name: 'test' }).then(() => {
      done = true;
    });

    await jest.advanceTimersByTimeAsync(99);
    expect(check).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(check).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(200);
    await wait;

    expect(check).toHaveBeenCalledTimes(3);
    expect(done).toBe(true);
    await jest.advanceTimersByTimeAsync(1000);
    expect(check).toHaveBeenCalledTimes(3);
  });

  it('rejects with what the check threw, and looks no more', async () => {
    const failure = new Error('gone');
    const check = jest.fn(async () => {
      throw failure;
    });
    const wait = pollUntil({ check, interval: 10, name: 'test' });
    const outcome = wait.catch(error => error);

    await jest.advanceTimersByTimeAsync(10);

    expect(await outcome).toBe(failure);
    await jest.advanceTimersByTimeAsync(100);
    expect(check).toHaveBeenCalledTimes(1);
  });
});
