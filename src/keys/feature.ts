import type { AccountFeatureContext } from '../shared/modelPlugin';
import { registerKeyCommands } from './commands';
import { DEFAULT_KEY_PREFERENCES, KeysModel } from './model';

export const defaults = DEFAULT_KEY_PREFERENCES;

export function create({
  app,
  palette,
  trans,
  account,
  notices
}: AccountFeatureContext): KeysModel {
  const keys = new KeysModel({ account, trans });
  registerKeyCommands(app, palette, account, keys, trans, notices);
  return keys;
}
