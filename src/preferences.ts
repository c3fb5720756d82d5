import { ISettingRegistry } from '@jupyterlab/settingregistry';

/** Keep a model's preferences in step with the user's settings (the keys `defaults` has). */
export async function followSettings<T extends object>(
  registry: ISettingRegistry,
  pluginId: string,
  target: { preferences: T },
  defaults: T
): Promise<void> {
  const settings = await registry.load(pluginId);
  const apply = () => {
    const composite = settings.composite as Record<string, unknown>;
    const chosen = { ...defaults } as Record<string, unknown>;
    for (const name of Object.keys(defaults)) {
      if (composite[name] !== undefined) {
        chosen[name] = composite[name];
      }
    }
    target.preferences = chosen as T;
  };
  settings.changed.connect(apply);
  apply();
}
