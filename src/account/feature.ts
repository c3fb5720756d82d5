import type { IModelPluginContext } from '../shared/modelPlugin';
import { registerAccountCommands } from './commands';
import { AccountModel, DEFAULT_PREFERENCES } from './model';

export const defaults = DEFAULT_PREFERENCES;

export function create({ app, palette, trans }: IModelPluginContext): AccountModel {
  const account = new AccountModel({ restored: app.restored, trans });
  registerAccountCommands(app, palette, account, trans);
  return account;
}
