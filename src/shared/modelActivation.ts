import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';

import type { IModelFeature } from './modelPlugin';
import { loadPreferences } from './preferences';
import { loadTranslation } from './translation';

/**
 * Makes a model plugin's model from what Lab passed its activation (the required tokens,
 * then the translator and the optional tokens, in the order declared), and from the
 * settings and palette, which it asks Lab for now.
 */
export async function activateModel<T, P extends object>(
  settingsId: string,
  feature: IModelFeature<T, P, any>,
  app: JupyterFrontEnd,
  required: string[],
  optional: string[],
  provided: unknown[]
): Promise<T> {
  const [translator, ...extra] = provided.slice(required.length) as [
    ITranslator | null,
    ...unknown[]
  ];
  const [registry, palette] = await Promise.all([
    app.resolveOptionalService(ISettingRegistry),
    app.resolveOptionalService(ICommandPalette)
  ]);
  const named = Object.fromEntries([
    ...required.map((name, index) => [name, provided[index]]),
    ...optional.map((name, index) => [name, extra[index]])
  ]);
  const trans = loadTranslation(translator);
  const model = await feature.create({ ...named, app, palette, trans });
  loadPreferences(registry, settingsId, model, feature.defaults, trans);
  return model;
}
