import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ITranslator } from '@jupyterlab/translation';

import { afterStart } from '../shared/afterStart';
import { loadTranslation } from '../shared/translation';
// The tab and its command are there from Lab's start, so that Lab reopens the panel as
// it was left: both are small, and what the panel shows loads once Lab has restored.
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { registerPanelCommand } from './commands';
// eslint-disable-next-line jupyter/prefer-lazy-imports
import { QbraidPanel } from './panel';

export const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-qbraid:panel',
  description: 'The qBraid sidebar panel.',
  // With Lab, so that its tab is there and Lab reopens it as it was left; the models it
  // shows are asked for once Lab has restored its layout.
  autoStart: true,
  // No ILabShell: the panel goes into any shell's left area, Jupyter Notebook's too. The
  // palette, so that the open command is in it from the start; the state database is
  // asked for with the panel's code, once Lab has started.
  optional: [ILayoutRestorer, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = loadTranslation(translator);
    const connected = app.restored.then(async () => {
      await afterStart();
      const { connectPanel } = await import(
        /* webpackChunkName: "features" */ './connect'
      );
      return connectPanel(app, trans);
    });
    const panel = new QbraidPanel(trans, connected);
    app.shell.add(panel, 'left', { rank: 900 });
    restorer?.add(panel, panel.id);
    registerPanelCommand(app, palette, trans);
  }
};
