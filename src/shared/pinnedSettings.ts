import { PageConfig } from '@jupyterlab/coreutils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { TranslationBundle } from '@jupyterlab/translation';

/** A setting a deployment fixed with a traitlet of QbraidAccount; the person's has no effect. */
export interface IPinnedSetting {
  value: unknown;
  /** The traitlet, e.g. "c.QbraidAccount.auto_inject". */
  by: string;
}

let pinned: Record<string, IPinnedSetting> | null = null;

/** The pinned settings, by name: the server writes them into the page, so none is asked for. */
export function pinnedSettings(): Record<string, IPinnedSetting> {
  if (pinned === null) {
    const option = PageConfig.getOption('qbraidPinnedSettings');
    pinned = option ? (JSON.parse(option) as Record<string, IPinnedSetting>) : {};
  }
  return pinned;
}

/**
 * Show the pinned settings among `names` (one plugin's) in the Settings Editor as they are:
 * their value, read-only, and who set them. Answers whether any was; nothing is registered
 * (and nothing costs) where none is.
 */
export function markPinnedSettings(
  registry: ISettingRegistry,
  pluginId: string,
  names: string[],
  trans: TranslationBundle
): boolean {
  const pins = Object.entries(pinnedSettings()).filter(([name]) =>
    names.includes(name)
  );
  if (pins.length === 0) {
    return false;
  }
  registry.transform(pluginId, {
    fetch: plugin => {
      const properties = plugin.schema.properties ?? {};
      for (const [name, pin] of pins) {
        const property = properties[name];
        if (property) {
          properties[name] = {
            ...property,
            readOnly: true,
            default: pin.value as ISettingRegistry.IProperty['default'],
            description: trans.__(
              '%1 Set for everyone on this server by its deployment (%2): your own value is not used.',
              property.description ?? '',
              pin.by
            )
          };
        }
      }
      return plugin;
    }
  });
  return true;
}
