import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';

import type { IModelFeature } from './modelPlugin';
import { loadPreferences } from './preferences';
import { loadTranslation } from './translation';

/**
 * Makes a model plugin's model from what Lab passed its activation: the required tokens,
 * then settings, palette, translator and the optional tokens, in the order declared.
 */
export function activateModel<T, P extends object>(
  pluginId: string,
  feature: IModelFeature<T, P, any>,
  app: JupyterFrontEnd,
  required: string[],
  optional: string[],
  provided: unknown[]
): T {
  const [registry, palette, translator, ...extra] = provided.slice(required.length) as [
    ISettingRegistry | null,
    ICommandPalette | null,
    ITranslator | null,
    ...unknown[]
  ];
  const named = Object.fromEntries([
    ...required.map((name, index) => [name, provided[index]]),
    ...optional.map((name, index) => [name, extra[index]])
  ]);
  const trans = loadTranslation(translator);
  const model = feature.create({ ...named, app, palette, trans });
  loadPreferences(registry, pluginId, model, feature.defaults, trans);
  return model;
}
