import { JupyterFrontEnd } from '@jupyterlab/application';
import { TranslationBundle } from '@jupyterlab/translation';

import { addCommand } from '../shared/commands';
import { qbraidIcon } from '../shared/icons';
import { CommandIDs, PANEL_ID } from '../tokens';

/** "Open qBraid panel", listed in the palette once Lab has started (`connectPanel`). */
export function registerPanelCommand(
  app: JupyterFrontEnd,
  trans: TranslationBundle
): void {
  addCommand(app, null, CommandIDs.openPanel, {
    label: trans.__('Open qBraid panel'),
    icon: qbraidIcon,
    execute: () => app.shell.activateById(PANEL_ID)
  });
}
