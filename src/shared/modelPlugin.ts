import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { Token } from '@lumino/coreutils';

import { loadPreferences } from './preferences';
import { loadTranslation } from './translation';

type TokenMap = Record<string, Token<unknown>>;
type Provided<M extends TokenMap> = {
  [K in keyof M]: M[K] extends Token<infer U> ? U : never;
};
type MaybeProvided<M extends TokenMap> = {
  [K in keyof M]: (M[K] extends Token<infer U> ? U : never) | null;
};

/** What every model plugin's `create` is given, beside its own tokens by name. */
export interface IModelPluginContext {
  app: JupyterFrontEnd;
  palette: ICommandPalette | null;
  trans: TranslationBundle;
}

export interface IModelPluginOptions<
  T,
  P extends object,
  R extends TokenMap,
  O extends TokenMap
> {
  id: string;
  description: string;
  provides: Token<T>;
  /** The tokens the model needs, by the names `create` receives them under. */
  requires?: R;
  /** Tokens it uses where present (null where not), beside settings, palette, translator. */
  optional?: O;
  /** The preferences until the plugin's settings load, and the setting names followed. */
  defaults: P;
  /** Makes the model and registers the commands of its feature. */
  create: (
    context: IModelPluginContext & Provided<R> & MaybeProvided<O>
  ) => T & { preferences: P };
}

/**
 * A plugin that provides a feature's model, whose preferences follow the plugin's
 * settings, and registers the feature's commands.
 */
export function modelPlugin<
  T,
  P extends object,
  R extends TokenMap = Record<never, never>,
  O extends TokenMap = Record<never, never>
>(options: IModelPluginOptions<T, P, R, O>): JupyterFrontEndPlugin<T> {
  const required = Object.entries(options.requires ?? {});
  const optional = Object.entries(options.optional ?? {});
  return {
    id: options.id,
    description: options.description,
    autoStart: true,
    provides: options.provides,
    requires: required.map(([, token]) => token),
    optional: [
      ISettingRegistry,
      ICommandPalette,
      ITranslator,
      ...optional.map(([, token]) => token)
    ],
    // Lab passes the required tokens, then the optional ones, in the order listed.
    activate: (app: JupyterFrontEnd, ...provided: any[]): T => {
      const [registry, palette, translator, ...extra] = provided.slice(required.length);
      const named = Object.fromEntries([
        ...required.map(([name], index) => [name, provided[index]]),
        ...optional.map(([name], index) => [name, extra[index]])
      ]);
      const trans = loadTranslation(translator);
      const model = options.create({
        ...(named as Provided<R> & MaybeProvided<O>),
        app,
        palette,
        trans
      });
      loadPreferences(registry, options.id, model, options.defaults, trans);
      return model;
    }
  };
}
