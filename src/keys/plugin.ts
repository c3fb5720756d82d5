import { modelPlugin } from '../shared/modelPlugin';
import { IQbraidAccount, IQbraidKeys, IQbraidNotices } from '../tokens';
import { registerKeyCommands } from './commands';
import { DEFAULT_KEY_PREFERENCES, KeysModel } from './model';

export const keysPlugin = modelPlugin({
  id: 'jupyterlab-qbraid:keys',
  description: "Provides the qBraid account's API keys.",
  provides: IQbraidKeys,
  requires: { account: IQbraidAccount, notices: IQbraidNotices },
  defaults: DEFAULT_KEY_PREFERENCES,
  create: ({ app, palette, trans, account, notices }) => {
    const keys = new KeysModel({ account, trans });
    registerKeyCommands(app, palette, account, keys, trans, notices);
    return keys;
  }
});
