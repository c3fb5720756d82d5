import type { IModelPluginContext } from '../shared/modelPlugin';
import { IQbraidAccount, IQbraidNotices } from '../tokens';
import { registerKeyCommands } from './commands';
import { DEFAULT_KEY_PREFERENCES, KeysModel } from './model';

export const defaults = DEFAULT_KEY_PREFERENCES;

export function create({
  app,
  palette,
  trans,
  account,
  notices
}: IModelPluginContext & {
  account: IQbraidAccount;
  notices: IQbraidNotices;
}): KeysModel {
  const keys = new KeysModel({ account, trans });
  registerKeyCommands(app, palette, account, keys, trans, notices);
  return keys;
}
