import { JupyterFrontEnd } from '@jupyterlab/application';
import { nullTranslator } from '@jupyterlab/translation';
import { PromiseDelegate } from '@lumino/coreutils';

import { startIdleStop } from '../instance/idleStop';
import { followIdleStop } from '../instance/lazyIdleStop';
import { FakeInstance, labNotices } from './fixtures';

// The client itself is tested in idleStop.spec.ts; here only when it is loaded.
jest.mock('../instance/idleStop');
const mockStart = startIdleStop as jest.MockedFunction<typeof startIdleStop>;

const trans = nullTranslator.load('jupyterlab_qbraid');
const notices = labNotices();

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
}

describe('followIdleStop', () => {
  it('loads and starts the client once Lab has restored its layout, not before', async () => {
    const restored = new PromiseDelegate<void>();
    const serverSettings = {};
    const app = {
      restored: restored.promise,
      shell: {},
      serviceManager: { serverSettings }
    } as unknown as JupyterFrontEnd;
    const instance = new FakeInstance();

    followIdleStop(app, instance, null, trans, notices);
    await settle();
    expect(mockStart).not.toHaveBeenCalled();

    restored.resolve();
    await settle();
    expect(mockStart).toHaveBeenCalledTimes(1);
    const [given, unsaved, , givenNotices, settings] = mockStart.mock.calls[0];
    expect(given).toBe(instance);
    // Without a document manager there is nothing to save.
    expect(unsaved()).toEqual([]);
    expect(givenNotices).toBe(notices);
    expect(settings).toBe(serverSettings);
  });
});
