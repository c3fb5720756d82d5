import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { searchIcon } from '@jupyterlab/ui-components';

import { addCommand } from '../shared/commands';
import { loadWithStyle } from '../shared/loadWithStyle';
import { CommandIDs, IQbraidGuard, IQbraidNotices } from '../tokens';

/** "Scan files for qBraid keys": the dialog loads with the first scan. */
export function registerScanCommand(
  app: JupyterFrontEnd,
  palette: ICommandPalette | null,
  guard: IQbraidGuard,
  trans: TranslationBundle,
  notices: IQbraidNotices
): void {
  addCommand(app, palette, CommandIDs.scanFiles, {
    label: trans.__('Scan files for qBraid keys'),
    caption: trans.__("Look for known qBraid API keys in the files of Lab's folder"),
    icon: searchIcon,
    execute: async () => {
      const { showScanDialog } = await loadWithStyle(import('./scanDialog'));
      await showScanDialog(
        guard,
        path => void app.commands.execute('docmanager:open', { path }),
        trans,
        notices
      );
    }
  });
}
