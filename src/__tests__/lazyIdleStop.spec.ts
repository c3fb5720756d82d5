import { JupyterFrontEnd } from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { nullTranslator } from '@jupyterlab/translation';

import { startIdleStop } from '../instance/idleStop';
import { followIdleStop } from '../instance/lazyIdleStop';
import { FakeInstance, labNotices } from './fixtures';

// The client itself is tested in idleStop.spec.ts; here only how it is started.
jest.mock('../instance/idleStop');
const mockStart = startIdleStop as jest.MockedFunction<typeof startIdleStop>;

const trans = nullTranslator.load('jupyterlab_qbraid');
const notices = labNotices();

describe('followIdleStop', () => {
  it("starts the client with the instance, the notices and the server's settings", async () => {
    const serverSettings = {};
    const resolveOptionalService = jest.fn(() => Promise.resolve(null));
    const app = {
      resolveOptionalService,
      shell: {},
      serviceManager: { serverSettings }
    } as unknown as JupyterFrontEnd;
    const instance = new FakeInstance();

    await followIdleStop(app, instance, trans, notices);

    // The document manager is asked for then, not declared for Lab's start.
    expect(resolveOptionalService).toHaveBeenCalledWith(IDocumentManager);
    expect(mockStart).toHaveBeenCalledTimes(1);
    const [given, unsaved, , givenNotices, settings] = mockStart.mock.calls[0];
    expect(given).toBe(instance);
    // Without a document manager there is nothing to save.
    expect(unsaved()).toEqual([]);
    expect(givenNotices).toBe(notices);
    expect(settings).toBe(serverSettings);
  });
});
