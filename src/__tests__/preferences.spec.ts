import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { nullTranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';

import { DEFAULT_PREFERENCES } from '../account/model';
import { DEFAULT_INSTANCE_PREFERENCES } from '../instance/model';
import { DEFAULT_KERNEL_PREFERENCES } from '../kernels/model';
import { followSettings } from '../shared/preferences';
import {
  IAccountPreferences,
  IInstancePreferences,
  IKernelPreferences
} from '../tokens';

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
  return {
    load: jest.fn(() => Promise.resolve(settings))
  } as unknown as ISettingRegistry;
}

/** A target that records every value assigned to its preferences. */
function recordingTarget<T>(): { target: { preferences: T }; assigned: T[] } {
  const assigned: T[] = [];
  const target = {
    set preferences(value: T) {
      assigned.push(value);
    },
    get preferences(): T {
      return assigned[assigned.length - 1];
    }
  };
  return { target, assigned };
}

/** A composite holding more than any one model reads: each takes only its own. */
const COMPOSITE = {
  refreshInterval: 120,
  lowCreditThreshold: 50,
  lowHoursThreshold: 2.5,
  idleStopMinutes: 30,
  variableName: 'MY_QBRAID_KEY',
  autoInject: false
};

describe('followSettings', () => {
  it('loads the plugin settings and applies them over the defaults', async () => {
    const registry = registryWith(new FakeSettings({ lowCreditThreshold: 100 }));
    const target = {
      preferences: { refreshInterval: 1, lowCreditThreshold: 1, lowHoursThreshold: 1 }
    };

    await followSettings(registry, PLUGIN_ID, target, DEFAULT_PREFERENCES);

    expect(registry.load).toHaveBeenCalledWith(PLUGIN_ID, false);
    expect(target.preferences).toEqual({
      refreshInterval: DEFAULT_PREFERENCES.refreshInterval,
      lowCreditThreshold: 100,
      lowHoursThreshold: DEFAULT_PREFERENCES.lowHoursThreshold
    });
  });

  it('follows later changes of the settings', async () => {
    const settings = new FakeSettings({});
    const { target, assigned } = recordingTarget<IAccountPreferences>();
    await followSettings(
      registryWith(settings),
      PLUGIN_ID,
      target,
      DEFAULT_PREFERENCES
    );

    settings.set({ refreshInterval: 300, lowCreditThreshold: 50 });
    settings.set({
      refreshInterval: 300,
      lowCreditThreshold: 50,
      lowHoursThreshold: 4
    });

    expect(assigned).toEqual([
      DEFAULT_PREFERENCES,
      {
        refreshInterval: 300,
        lowCreditThreshold: 50,
        lowHoursThreshold: DEFAULT_PREFERENCES.lowHoursThreshold
      },
      { refreshInterval: 300, lowCreditThreshold: 50, lowHoursThreshold: 4 }
    ]);
  });

  it('rejects when the settings cannot be loaded', async () => {
    const registry = {
      load: jest.fn(() => Promise.reject(new Error('no schema')))
    } as unknown as ISettingRegistry;
    const target = { preferences: { ...DEFAULT_PREFERENCES } };

    await expect(
      followSettings(registry, PLUGIN_ID, target, DEFAULT_PREFERENCES)
    ).rejects.toThrow('no schema');
    expect(target.preferences).toEqual(DEFAULT_PREFERENCES);
  });

  it('copies only the account’s keys from a composite that also holds the kernels’', async () => {
    const { target, assigned } = recordingTarget<IAccountPreferences>();

    await followSettings(
      registryWith(new FakeSettings(COMPOSITE)),
      PLUGIN_ID,
      target,
      DEFAULT_PREFERENCES
    );

    expect(assigned).toEqual([
      { refreshInterval: 120, lowCreditThreshold: 50, lowHoursThreshold: 2.5 }
    ]);
  });

  it('copies only the kernels’ keys for a kernels target of the same plugin', async () => {
    const { target, assigned } = recordingTarget<IKernelPreferences>();

    await followSettings(
      registryWith(new FakeSettings(COMPOSITE)),
      PLUGIN_ID,
      target,
      DEFAULT_KERNEL_PREFERENCES
    );

    expect(assigned).toEqual([{ variableName: 'MY_QBRAID_KEY', autoInject: false }]);
  });

  it('copies only the instance’s idle minutes for an instance target of the same plugin', async () => {
    const { target, assigned } = recordingTarget<IInstancePreferences>();

    await followSettings(
      registryWith(new FakeSettings(COMPOSITE)),
      PLUGIN_ID,
      target,
      DEFAULT_INSTANCE_PREFERENCES
    );

    expect(DEFAULT_INSTANCE_PREFERENCES).toEqual({ idleStopMinutes: 0 });
    expect(assigned).toEqual([{ idleStopMinutes: 30 }]);
  });

  it('keeps a default for a key the composite leaves undefined, and keeps false', async () => {
    const settings = new FakeSettings({ variableName: undefined, autoInject: false });
    const { target, assigned } = recordingTarget<IKernelPreferences>();

    await followSettings(
      registryWith(settings),
      PLUGIN_ID,
      target,
      DEFAULT_KERNEL_PREFERENCES
    );
    settings.set({ variableName: 'OTHER', refreshInterval: 5 });

    expect(assigned).toEqual([
      { variableName: DEFAULT_KERNEL_PREFERENCES.variableName, autoInject: false },
      { variableName: 'OTHER', autoInject: DEFAULT_KERNEL_PREFERENCES.autoInject }
    ]);
  });

  it('hands each change a fresh object and leaves the defaults as they were', async () => {
    const settings = new FakeSettings({});
    const defaults = { ...DEFAULT_KERNEL_PREFERENCES };
    const { target, assigned } = recordingTarget<IKernelPreferences>();
    await followSettings(registryWith(settings), PLUGIN_ID, target, defaults);

    settings.set({ autoInject: false });

    expect(assigned[0]).not.toBe(defaults);
    expect(assigned[1]).not.toBe(assigned[0]);
    expect(defaults).toEqual(DEFAULT_KERNEL_PREFERENCES);
  });
});

describe('loadPreferences', () => {
  it("marks only the plugin's own pinned settings, and fetches those plugins again", async () => {
    const registry = (settings: FakeSettings) => ({
      load: jest.fn(() => Promise.resolve(settings)),
      transform: jest.fn()
    });
    // A fresh module: the pins are read from the page once, on first use.
    let loadPreferences!: typeof import('../shared/preferences').loadPreferences;
    jest.isolateModules(() => {
      jest.requireActual('@jupyterlab/coreutils').PageConfig.setOption(
        'qbraidPinnedSettings',
        JSON.stringify({
          autoInject: { value: false, by: 'c.QbraidAccount.auto_inject' }
        })
      );
      ({ loadPreferences } = jest.requireActual('../shared/preferences'));
    });
    const trans = nullTranslator.load('jupyterlab_qbraid');
    const kernels = registry(new FakeSettings({ autoInject: true }));
    const account = registry(new FakeSettings({}));
    const { target: kernelTarget, assigned } = recordingTarget<IKernelPreferences>();
    const { target: accountTarget } = recordingTarget<IAccountPreferences>();

    loadPreferences(
      kernels as unknown as ISettingRegistry,
      'jupyterlab-qbraid:kernels',
      kernelTarget,
      DEFAULT_KERNEL_PREFERENCES,
      trans
    );
    loadPreferences(
      account as unknown as ISettingRegistry,
      PLUGIN_ID,
      accountTarget,
      DEFAULT_PREFERENCES,
      trans
    );
    await Promise.resolve();

    expect(kernels.transform).toHaveBeenCalledWith(
      'jupyterlab-qbraid:kernels',
      expect.anything()
    );
    expect(kernels.load).toHaveBeenCalledWith('jupyterlab-qbraid:kernels', true);
    expect(account.transform).not.toHaveBeenCalled();
    expect(account.load).toHaveBeenCalledWith(PLUGIN_ID, false);
    // The pinned value wins over the person's.
    expect(assigned[assigned.length - 1].autoInject).toBe(false);
  });
});
