import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { pinnedSettings } from './pinnedSettings';

/**
 * Keep a model's preferences in step with the user's settings (the keys `defaults` has),
 * a deployment's pinned values winning over them.
 */
export async function followSettings<T extends object>(
  registry: ISettingRegistry,
  pluginId: string,
  target: { preferences: T },
  defaults: T
): Promise<void> {
  const settings = await registry.load(pluginId);
  const pinned = pinnedSettings();
  const apply = () => {
    const composite = settings.composite as Record<string, unknown>;
    const chosen = { ...defaults } as Record<string, unknown>;
    for (const name of Object.keys(defaults)) {
      if (name in pinned) {
        chosen[name] = pinned[name].value;
      } else if (composite[name] !== undefined) {
        chosen[name] = composite[name];
      }
    }
    target.preferences = chosen as T;
  };
  settings.changed.connect(apply);
  apply();
}

/** The plugin whose schema (schema/account.json) holds every preference of the extension. */
export const SETTINGS_PLUGIN_ID = 'jupyterlab-qbraid:account';

/**
 * Follow the settings where there is a registry. Until they load, and if they never do,
 * the model keeps its defaults: a failure is logged, and Lab goes on.
 */
export function loadPreferences<T extends object>(
  registry: ISettingRegistry | null,
  target: { preferences: T },
  defaults: T
): void {
  if (registry) {
    followSettings(registry, SETTINGS_PLUGIN_ID, target, defaults).catch(reason =>
      console.error('jupyterlab-qbraid: settings did not load', reason)
    );
  }
}
