import { TranslationBundle } from '@jupyterlab/translation';

import { IKernelsChange } from '../api';
import { IQbraidNotices } from '../tokens';

/** Say how a change to the kernels went, from the panel or the palette alike. */
export async function reportKernelChange(
  change: Promise<IKernelsChange>,
  done: string,
  trans: TranslationBundle,
  notices: IQbraidNotices
): Promise<IKernelsChange | null> {
  try {
    const result = await change;
    const failed = result.kernels.filter(kernel => kernel.state === 'failed');
    // `done` is a whole sentence of its own; the figures follow it.
    const summary = trans._n(
      '%2 (%1 kernel, %3 ms).',
      '%2 (%1 kernels, %3 ms).',
      result.kernels.length,
      done,
      Math.round(result.durationMs)
    );
    if (failed.length > 0) {
      const unanswered = trans._n(
        '%1 kernel did not answer; see the Kernels section.',
        '%1 kernels did not answer; see the Kernels section.',
        failed.length
      );
      notices.warning(`${summary} ${unanswered}`);
    } else if (result.notices.length > 0) {
      // Not a success where a kernel still holds what it should not (see its notice).
      notices.warning(summary);
    } else {
      notices.success(summary, { autoClose: 4000 });
    }
    for (const notice of result.notices) {
      notices.warning(notice.message);
    }
    return result;
  } catch (error) {
    notices.error(error instanceof Error ? error.message : String(error));
    return null;
  }
}
