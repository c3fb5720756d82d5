import { ILayoutRestorer } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ITranslator } from '@jupyterlab/translation';

import plugins from '../index';
import * as tokens from '../tokens';

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
