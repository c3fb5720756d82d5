import { ILayoutRestorer } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ITranslator } from '@jupyterlab/translation';

import plugins from '../index';
import * as tokens from '../tokens';
import * as account from '../../schema/account.json';
import * as guard from '../../schema/guard.json';
import * as instance from '../../schema/instance.json';
import * as kernels from '../../schema/kernels.json';
import * as keys from '../../schema/keys.json';
import * as panel from '../../schema/panel.json';

/** The settings schemas' ids: `schema/<name>.json` is `jupyterlab-qbraid:<name>`'s. */
const schemaIds = Object.keys({ account, guard, instance, kernels, keys, panel }).map(
  name => `jupyterlab-qbraid:${name}`
);

describe("the extension's plugins at Lab's start", () => {
  it('start only the panel with Lab, and it needs none of the models', () => {
    const atStart = plugins.filter(plugin => plugin.autoStart === true);

    expect(atStart.map(plugin => plugin.id)).toEqual(['jupyterlab-qbraid:panel']);
    expect(atStart[0].requires ?? []).toEqual([]);
  });

  it('start every other plugin once Lab has restored its layout', () => {
    const others = plugins.filter(plugin => plugin.id !== 'jupyterlab-qbraid:panel');

    expect(others).toHaveLength(plugins.length - 1);
    for (const plugin of others) {
      expect([plugin.id, plugin.autoStart]).toEqual([plugin.id, 'defer']);
    }
  });

  it("leave Lab's start only the panel's settings to check", () => {
    // Lab compiles and checks, before any plugin may read a setting, the schema of each
    // plugin registered under the schema's id; a deferred plugin's settings load with it.
    const named = plugins.map(plugin => plugin.id).filter(id => schemaIds.includes(id));

    expect(schemaIds).toHaveLength(6);
    expect(named).toEqual(['jupyterlab-qbraid:panel']);
  });

  it("declare of Lab's services only those whose packages the panel loads at start", () => {
    const ours = new Set(Object.values(tokens));
    const declared = plugins.flatMap(plugin => [
      ...(plugin.requires ?? []),
      ...(plugin.optional ?? [])
    ]);

    // The others (settings, status bar, documents, state) are asked for at activation: a
    // declared token loads its package with Lab's start.
    expect(new Set(declared.filter(token => !ours.has(token)))).toEqual(
      new Set([ILayoutRestorer, ICommandPalette, ITranslator])
    );
  });
});
