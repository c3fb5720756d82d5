import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';

import { addCommand } from '../shared/commands';
import { CommandIDs, IQbraidAccount, IQbraidKernels, IQbraidNotices } from '../tokens';

/** "Inject qBraid API key into kernels". */
export function registerKernelCommands(
  app: JupyterFrontEnd,
  palette: ICommandPalette | null,
  account: IQbraidAccount,
  kernels: IQbraidKernels,
  trans: TranslationBundle,
  notices: IQbraidNotices
): void {
  addCommand(
    app,
    palette,
    CommandIDs.injectKey,
    {
      label: trans.__('Inject qBraid API key into kernels'),
      isEnabled: () => account.configured === true && !kernels.busy,
      execute: async () => {
        // Its notifications load with the first injection.
        const { reportKernelChange } = await import('./kernelFeedback');
        return reportKernelChange(
          kernels.inject(),
          trans.__('The key is in the kernels'),
          trans,
          notices
        );
      }
    },
    [account.changed, kernels.changed]
  );
}
