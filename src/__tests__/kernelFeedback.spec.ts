import { Notification } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';

import { QbraidApiError } from '../api';
import { reportKernelChange } from '../kernels/kernelFeedback';
import { apiError, kernelsChange, NOTEBOOK_KERNEL, labNotices } from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');

describe('reportKernelChange', () => {
  let success: jest.SpyInstance;
  let warning: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeEach(() => {
    success = jest.spyOn(Notification, 'success');
    warning = jest.spyOn(Notification, 'warning');
    error = jest.spyOn(Notification, 'error');
  });

  afterEach(() => jest.restoreAllMocks());

  it('says how many kernels and how long', async () => {
    const result = kernelsChange({ durationMs: 41.6 });
    await expect(
      reportKernelChange(Promise.resolve(result), 'Done', trans, labNotices())
    ).resolves.toBe(result);
    expect(success).toHaveBeenCalledWith(
      `Done (${result.kernels.length} kernels, 42 ms).`,
      expect.anything()
    );
    expect(warning).not.toHaveBeenCalled();
  });

  it('warns when a kernel did not answer, and passes on the server notices', async () => {
    const result = kernelsChange({
      kernels: [{ ...NOTEBOOK_KERNEL, state: 'failed', reason: 'busy' }],
      notices: [
        { level: 'warning', message: 'The key stays in the server environment.' }
      ]
    });
    await reportKernelChange(Promise.resolve(result), 'Done', trans, labNotices());
    expect(success).not.toHaveBeenCalled();
    expect(warning).toHaveBeenCalledWith(
      'Done (1 kernel, 42 ms). 1 kernel did not answer; see the Kernels section.'
    );
    expect(warning).toHaveBeenCalledWith('The key stays in the server environment.');
  });

  it('is no success while a kernel still holds what it should not', async () => {
    const message =
      'bash: not supported — started with the key in its environment; restart it to clear.';
    const result = kernelsChange({ notices: [{ level: 'warning', message }] });
    await reportKernelChange(Promise.resolve(result), 'Removed', trans, labNotices());
    expect(success).not.toHaveBeenCalled();
    expect(warning).toHaveBeenNthCalledWith(
      1,
      `Removed (${result.kernels.length} kernels, 42 ms).`
    );
    expect(warning).toHaveBeenNthCalledWith(2, message);
  });

  it('shows the error and answers null', async () => {
    const failure = new QbraidApiError(apiError('not_configured', 'No key.'), 409);
    await expect(
      reportKernelChange(Promise.reject(failure), 'Done', trans, labNotices())
    ).resolves.toBeNull();
    expect(error).toHaveBeenCalledWith('No key.');
  });
});
