import { JupyterFrontEnd } from '@jupyterlab/application';
import { ServiceManager } from '@jupyterlab/services';

import { IStopEvent, STOP_EVENT_SCHEMA } from '../api';
import { IQbraidInstance, IStopCause } from '../tokens';
import type { InstanceModel } from './model';

/**
 * How a tab learns of a stop it did not ask for: the server's stop events (another tab's
 * Stop or idle stop) on Jupyter Server's event websocket, and Lab's connection failure (the
 * server gone with no tab asking: the platform stopped it).
 */
export function followStops(
  instance: InstanceModel,
  services: ServiceManager.IManager
): void {
  services.events.stream.connect((_, emission) => {
    if (emission.schema_id === STOP_EVENT_SCHEMA) {
      instance.followStopEvent(emission as unknown as IStopEvent);
    }
  });
  services.connectionFailure.connect(() => void instance.checkServerGone());
}

/**
 * A stop this tab did not ask for opens the panel, whose one section then says what
 * stopped the instance and where it starts again.
 */
export function showStopsFromElsewhere(
  app: JupyterFrontEnd,
  instance: IQbraidInstance,
  panelId: string
): void {
  let shown: IStopCause | null = null;
  instance.changed.connect(() => {
    const cause = instance.stopCause;
    if (cause && cause.by !== 'this-tab' && cause !== shown) {
      shown = cause;
      app.shell.activateById(panelId);
    }
  });
}
