import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { DEFAULT_PREFERENCES } from './models/account';
import { IAccountPreferences } from './tokens';

/** Keep a model's preferences in step with the user's settings. */
export async function followSettings(
  registry: ISettingRegistry,
  pluginId: string,
  target: { preferences: IAccountPreferences }
): Promise<void> {
  const settings = await registry.load(pluginId);
  const apply = () => {
    target.preferences = {
      ...DEFAULT_PREFERENCES,
      ...(settings.composite as Partial<IAccountPreferences>)
    };
  };
  settings.changed.connect(apply);
  apply();
}
