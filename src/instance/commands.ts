import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { stopIcon } from '@jupyterlab/ui-components';

import { addCommand } from '../shared/commands';
import { CommandIDs, IQbraidInstance } from '../tokens';

/** "Stop qBraid instance", through the flow that asks first. */
export function registerStopCommand(
  app: JupyterFrontEnd,
  palette: ICommandPalette | null,
  instance: IQbraidInstance,
  stopInstance: () => Promise<void>,
  trans: TranslationBundle
): void {
  addCommand(
    app,
    palette,
    CommandIDs.stopInstance,
    {
      label: trans.__('Stop qBraid instance'),
      caption: trans.__(
        'Stop this Lab instance so it stops using compute; unsaved documents are offered a save first'
      ),
      icon: stopIcon,
      isEnabled: () => instance.phase !== 'stopping' && instance.phase !== 'stopped',
      execute: stopInstance
    },
    [instance.changed]
  );
}
