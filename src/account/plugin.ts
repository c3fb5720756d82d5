import { modelPlugin } from '../shared/modelPlugin';
import { IQbraidAccount } from '../tokens';
import { registerAccountCommands } from './commands';
import { AccountModel, DEFAULT_PREFERENCES } from './model';

export const accountPlugin = modelPlugin({
  id: 'jupyterlab-qbraid:account',
  description: 'Provides the qBraid account model and its settings.',
  provides: IQbraidAccount,
  defaults: DEFAULT_PREFERENCES,
  create: ({ app, palette, trans }) => {
    const account = new AccountModel({ restored: app.restored, trans });
    registerAccountCommands(app, palette, account, trans);
    return account;
  }
});
