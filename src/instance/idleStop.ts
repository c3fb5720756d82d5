import { Kernel } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';

import { IQbraidInstance, IQbraidNotices } from '../tokens';
import { showIdleCountdown } from './idleCountdown';
import { IdleStopWatch } from './idleWatch';
import type { StopActions } from './stopActions';

/**
 * Stop the instance after the idle minutes the person set, counting down first; the
 * minutes follow the settings.
 */
export function startIdleStop(
  instance: IQbraidInstance,
  kernels: Kernel.IManager,
  stopActions: () => Promise<StopActions>,
  trans: TranslationBundle,
  notices: IQbraidNotices
): IdleStopWatch {
  const watch = new IdleStopWatch({
    isKernelBusy: () =>
      Array.from(kernels.running()).some(kernel => kernel.execution_state === 'busy')
  });
  const follow = () => {
    if (watch.minutes !== instance.preferences.idleStopMinutes) {
      watch.minutes = instance.preferences.idleStopMinutes;
    }
  };
  instance.changed.connect(follow);
  follow();
  showIdleCountdown(watch, trans, notices);
  watch.expired.connect(async () => {
    await (await stopActions()).saveAllAndStop();
    // Still here: the stop failed and said why; the watch starts over.
    watch.keepRunning();
  });
  return watch;
}
