import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { addIcon } from '@jupyterlab/ui-components';

import { addCommand } from '../shared/commands';
import { loadWithStyle } from '../shared/loadWithStyle';
import { CommandIDs, IQbraidAccount, IQbraidKeys, IQbraidNotices } from '../tokens';

/** Create a key, and rotate the active one; their dialogs load with the first use. */
export function registerKeyCommands(
  app: JupyterFrontEnd,
  palette: ICommandPalette | null,
  account: IQbraidAccount,
  keys: IQbraidKeys,
  trans: TranslationBundle,
  notices: IQbraidNotices
): void {
  const keyActions = async () => {
    const { KeyActions } = await loadWithStyle(import('./keyActions'));
    return new KeyActions(account, keys, trans, notices);
  };
  const isEnabled = () => account.configured === true && !keys.busy;
  const changedBy = [account.changed, keys.changed];
  addCommand(
    app,
    palette,
    CommandIDs.createKey,
    {
      label: trans.__('Create qBraid API key'),
      icon: addIcon,
      isEnabled,
      execute: async () => (await keyActions()).create()
    },
    changedBy
  );
  addCommand(
    app,
    palette,
    CommandIDs.rotateKey,
    {
      label: trans.__('Rotate active qBraid API key'),
      isEnabled,
      execute: async () => (await keyActions()).rotateActive()
    },
    changedBy
  );
}
