import { JupyterFrontEnd } from '@jupyterlab/application';
import { TranslationBundle } from '@jupyterlab/translation';
import { refreshIcon } from '@jupyterlab/ui-components';

import { qbraidIcon } from './icons';
import { IQbraidAccount, PANEL_ID } from './tokens';

export namespace CommandIDs {
  export const openPanel = 'qbraid:open-panel';
  export const refreshAccount = 'qbraid:refresh-account';
}

export const PALETTE_CATEGORY = 'qBraid';

export function registerCommands(
  app: JupyterFrontEnd,
  account: IQbraidAccount,
  trans: TranslationBundle
): void {
  app.commands.addCommand(CommandIDs.openPanel, {
    label: trans.__('Open qBraid panel'),
    icon: qbraidIcon,
    execute: () => app.shell.activateById(PANEL_ID)
  });
  app.commands.addCommand(CommandIDs.refreshAccount, {
    label: trans.__('Refresh qBraid account'),
    icon: refreshIcon,
    execute: () => account.refresh()
  });
}
