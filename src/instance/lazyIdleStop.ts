import { Kernel } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';

import { IQbraidInstance, IQbraidNotices } from '../tokens';
import type { StopActions } from './stopActions';

/**
 * The idle stop, loaded the first time idle minutes are set: until then nothing listens
 * for input and Lab's start carries none of it.
 */
export function followIdleStop(
  instance: IQbraidInstance,
  kernels: Kernel.IManager,
  stopActions: () => Promise<StopActions>,
  trans: TranslationBundle,
  notices: IQbraidNotices
): void {
  let loading = false;
  const follow = () => {
    if (loading || instance.preferences.idleStopMinutes <= 0) {
      return;
    }
    loading = true;
    instance.changed.disconnect(follow);
    void import('./idleStop').then(({ startIdleStop }) =>
      startIdleStop(instance, kernels, stopActions, trans, notices)
    );
  };
  instance.changed.connect(follow);
  follow();
}
