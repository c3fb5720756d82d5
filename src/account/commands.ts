import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { refreshIcon } from '@jupyterlab/ui-components';

import { addCommand } from '../shared/commands';
import { CommandIDs, IQbraidAccount } from '../tokens';

/** "Refresh qBraid account". */
export function registerAccountCommands(
  app: JupyterFrontEnd,
  palette: ICommandPalette | null,
  account: IQbraidAccount,
  trans: TranslationBundle
): void {
  addCommand(app, palette, CommandIDs.refreshAccount, {
    label: trans.__('Refresh qBraid account'),
    icon: refreshIcon,
    execute: () => account.refresh()
  });
}
