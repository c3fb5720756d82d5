import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { TranslationBundle } from '@jupyterlab/translation';

import { markPinnedSettings, pinnedSettings } from './pinnedSettings';

/**
 * Keep a model's preferences in step with its plugin's user settings (the keys `defaults`
 * has), a deployment's pinned values winning over them.
 */
export async function followSettings<T extends object>(
  registry: ISettingRegistry,
  pluginId: string,
  target: { preferences: T },
  defaults: T,
  refetch = false
): Promise<void> {
  const settings = await registry.load(pluginId, refetch);
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

/**
 * Follow a plugin's settings where there is a registry, its pinned ones shown as such in
 * the Settings Editor. Until they load, and if they never do, the model keeps its
 * defaults: a failure is logged, and Lab goes on.
 */
export function loadPreferences<T extends object>(
  registry: ISettingRegistry | null,
  pluginId: string,
  target: { preferences: T },
  defaults: T,
  trans: TranslationBundle
): void {
  if (registry) {
    const marked = markPinnedSettings(registry, pluginId, Object.keys(defaults), trans);
    // Lab loaded every plugin's settings at start: a marked plugin's are fetched again
    // through the transform.
    followSettings(registry, pluginId, target, defaults, marked).catch(reason =>
      console.error('jupyterlab-qbraid: settings did not load', reason)
    );
  }
}
