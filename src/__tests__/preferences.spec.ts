import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { Signal } from '@lumino/signaling';

import { DEFAULT_PREFERENCES } from '../models/account';
import { followSettings } from '../preferences';
import { IAccountPreferences } from '../tokens';

const PLUGIN_ID = 'jupyterlab-qbraid:account';

/** Just the parts of ISettings that followSettings reads. */
class FakeSettings {
  readonly changed = new Signal<FakeSettings, void>(this);
  constructor(public composite: Record<string, unknown>) {}

  set(composite: Record<string, unknown>): void {
    this.composite = composite;
    this.changed.emit();
  }
}

function registryWith(settings: FakeSettings): ISettingRegistry {
  return { load: jest.fn(() => Promise.resolve(settings)) } as unknown as ISettingRegistry;
}

describe('followSettings', () => {
  it('loads the plugin settings and applies them over the defaults', async () => {
    const registry = registryWith(new FakeSettings({ lowCreditThreshold: 100 }));
    const target = { preferences: { refreshInterval: 1, lowCreditThreshold: 1 } };

    await followSettings(registry, PLUGIN_ID, target);

    expect(registry.load).toHaveBeenCalledWith(PLUGIN_ID);
    expect(target.preferences).toEqual({
      refreshInterval: DEFAULT_PREFERENCES.refreshInterval,
      lowCreditThreshold: 100
    });
  });

  it('follows later changes of the settings', async () => {
    const settings = new FakeSettings({});
    const assigned: IAccountPreferences[] = [];
    const target = {
      set preferences(value: IAccountPreferences) {
        assigned.push(value);
      },
      get preferences(): IAccountPreferences {
        return assigned[assigned.length - 1];
      }
    };
    await followSettings(registryWith(settings), PLUGIN_ID, target);

    settings.set({ refreshInterval: 300, lowCreditThreshold: 50 });

    expect(assigned).toEqual([
      DEFAULT_PREFERENCES,
      { refreshInterval: 300, lowCreditThreshold: 50 }
    ]);
  });

  it('rejects when the settings cannot be loaded', async () => {
    const registry = {
      load: jest.fn(() => Promise.reject(new Error('no schema')))
    } as unknown as ISettingRegistry;
    const target = { preferences: { ...DEFAULT_PREFERENCES } };

    await expect(followSettings(registry, PLUGIN_ID, target)).rejects.toThrow(
      'no schema'
    );
    expect(target.preferences).toEqual(DEFAULT_PREFERENCES);
  });
});
