import { Kernel } from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';

import { startIdleStop } from '../instance/idleStop';
import { followIdleStop } from '../instance/lazyIdleStop';
import { FakeInstance, labNotices } from './fixtures';

// The watch itself is tested in idleStop.spec.ts; here only when it is loaded.
jest.mock('../instance/idleStop');
const mockStart = startIdleStop as jest.MockedFunction<typeof startIdleStop>;

const trans = nullTranslator.load('jupyterlab_qbraid');
const kernels = {} as Kernel.IManager;
const stopActions = jest.fn();
const notices = labNotices();

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
}

beforeEach(() => {
  mockStart.mockReset();
});

describe('followIdleStop', () => {
  it('loads nothing while the idle stop is off', async () => {
    const instance = new FakeInstance();

    followIdleStop(instance, kernels, stopActions, trans, notices);
    instance.emit();
    await settle();

    expect(mockStart).not.toHaveBeenCalled();
  });

  it('starts the watch once, when minutes are first set', async () => {
    const instance = new FakeInstance();
    followIdleStop(instance, kernels, stopActions, trans, notices);

    instance.preferences = { idleStopMinutes: 30 };
    instance.emit();
    instance.emit();
    await settle();

    expect(mockStart).toHaveBeenCalledTimes(1);
    expect(mockStart).toHaveBeenCalledWith(
      instance,
      kernels,
      stopActions,
      trans,
      notices
    );
  });

  it('starts at once when the minutes are already set', async () => {
    const instance = new FakeInstance();
    instance.preferences = { idleStopMinutes: 5 };

    followIdleStop(instance, kernels, stopActions, trans, notices);
    await settle();

    expect(mockStart).toHaveBeenCalledTimes(1);
  });
});
