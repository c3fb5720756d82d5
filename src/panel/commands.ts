import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';

import { addCommand } from '../shared/commands';
import { qbraidIcon } from '../shared/icons';
import { CommandIDs, PANEL_ID } from '../tokens';

/** "Open qBraid panel". */
export function registerPanelCommand(
  app: JupyterFrontEnd,
  palette: ICommandPalette | null,
  trans: TranslationBundle
): void {
  addCommand(app, palette, CommandIDs.openPanel, {
    label: trans.__('Open qBraid panel'),
    icon: qbraidIcon,
    execute: () => app.shell.activateById(PANEL_ID)
  });
}
