import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import type { ICommandPalette } from '@jupyterlab/apputils';
import { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import { Token } from '@lumino/coreutils';

import type { IQbraidAccount, IQbraidNotices } from '../tokens';
import { afterStart } from './afterStart';

export type TokenMap = Record<string, Token<unknown>>;
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

/** What `create` is given by a feature that acts for the account and raises notices. */
export type AccountFeatureContext = IModelPluginContext & {
  account: IQbraidAccount;
  notices: IQbraidNotices;
};

/** A feature's module, loaded once Lab has started. */
export interface IModelFeature<T, P extends object, C> {
  /** The preferences until the plugin's settings load, and the setting names followed. */
  defaults: P;
  /**
   * Makes the model and registers the commands of its feature. A feature that uses more of
   * Lab's services than settings, palette and translator asks `app` for them here, so
   * that Lab's start does not load their packages for its declaration.
   */
  create: (
    context: IModelPluginContext & C
  ) => (T & { preferences: P }) | Promise<T & { preferences: P }>;
}

export interface IModelPluginOptions<
  T,
  P extends object,
  R extends TokenMap,
  O extends TokenMap
> {
  id: string;
  /**
   * The id of the feature's settings schema (`schema/<name>.json`), not the plugin's id:
   * before any plugin may read a setting, Lab compiles and checks the schema of every
   * plugin it has registered, deferred ones too, on the way to its start. A schema no
   * plugin is named after is left to this plugin, which loads it once Lab has started.
   */
  settings: string;
  description: string;
  provides: Token<T>;
  /** Our tokens the model needs, by the names `create` receives them under. */
  requires?: R;
  /** Our tokens it uses where present (null where not). */
  optional?: O;
  load: () => Promise<IModelFeature<T, P, Provided<R> & MaybeProvided<O>>>;
}

/**
 * A plugin that provides a feature's model, whose preferences follow the plugin's
 * settings, and registers the feature's commands. It is activated once Lab has restored
 * its layout, unless a plugin that starts with Lab needs it: Lab's start carries only
 * this declaration, and the feature's code loads then.
 */
export function modelPlugin<
  T,
  P extends object,
  R extends TokenMap = Record<never, never>,
  O extends TokenMap = Record<never, never>
>(options: IModelPluginOptions<T, P, R, O>): JupyterFrontEndPlugin<T> {
  const required = Object.keys(options.requires ?? {});
  const optional = Object.keys(options.optional ?? {});
  return {
    id: options.id,
    description: options.description,
    autoStart: 'defer',
    provides: options.provides,
    requires: Object.values(options.requires ?? {}),
    // Settings and palette are asked for at activation, with the feature's code; of Lab's
    // tokens only the translator is declared, which the panel's start loads anyway.
    optional: [ITranslator, ...Object.values(options.optional ?? {})],
    activate: async (app: JupyterFrontEnd, ...provided: unknown[]): Promise<T> => {
      await afterStart();
      const [{ activateModel }, feature] = await Promise.all([
        import(/* webpackChunkName: "features" */ './modelActivation'),
        options.load()
      ]);
      return activateModel(
        options.settings,
        feature,
        app,
        required,
        optional,
        provided
      );
    }
  };
}
