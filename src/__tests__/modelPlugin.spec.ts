import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';
import { Token } from '@lumino/coreutils';

import { modelPlugin } from '../shared/modelPlugin';

interface IModel {
  preferences: { limit: number };
}
const IModelToken = new Token<IModel>('test:model');
const IFirst = new Token<string>('test:first');
const ISecond = new Token<string>('test:second');
const IThird = new Token<string>('test:third');

/** A Lab that has the given services, asked for at activation. */
function labWith(services: Map<Token<unknown>, unknown>): JupyterFrontEnd {
  return {
    resolveOptionalService: jest.fn(async (token: Token<unknown>) =>
      services.has(token) ? services.get(token) : null
    )
  } as unknown as JupyterFrontEnd;
}

function plugin(create = jest.fn(() => ({ preferences: { limit: 1 } }))) {
  return {
    create,
    plugin: modelPlugin({
      id: 'test:plugin',
      settings: 'test:settings',
      description: 'A model for the test.',
      provides: IModelToken,
      requires: { first: IFirst, second: ISecond },
      optional: { third: IThird },
      load: async () => ({ defaults: { limit: 1 }, create })
    })
  };
}

describe('modelPlugin', () => {
  it('declares its tokens: the required ones, then the translator and the optional ones', () => {
    const { plugin: declared } = plugin();

    expect(declared.requires).toEqual([IFirst, ISecond]);
    // Not settings or palette: their packages would load at Lab's start.
    expect(declared.optional).toEqual([ITranslator, IThird]);
    expect(declared.provides).toBe(IModelToken);
    // Once Lab has restored its layout, unless a plugin that starts with Lab needs it.
    expect(declared.autoStart).toBe('defer');
  });

  it('hands create each token by its name, null for a missing optional one, and returns the model', async () => {
    const { plugin: declared, create } = plugin();
    const palette = {} as ICommandPalette;
    const app = labWith(new Map([[ICommandPalette, palette]]));

    const model = await declared.activate(app, 'one', 'two', null, null);

    expect(app.resolveOptionalService).toHaveBeenCalledWith(ISettingRegistry);
    expect(create).toHaveBeenCalledTimes(1);
    const context = (create.mock.calls[0] as unknown[])[0] as Record<string, unknown>;
    expect(context).toMatchObject({
      app,
      palette,
      first: 'one',
      second: 'two',
      third: null
    });
    expect(typeof (context.trans as { __: unknown }).__).toBe('function');
    expect(model).toEqual({ preferences: { limit: 1 } });
  });

  it('follows the settings under their own id, not the plugin id', async () => {
    const { plugin: declared } = plugin();
    const changed = { connect: jest.fn() };
    const registry = {
      load: jest.fn(async () => ({ composite: { limit: 7 }, changed }))
    } as unknown as ISettingRegistry;

    const model = (await declared.activate(
      labWith(new Map([[ISettingRegistry, registry]])),
      'one',
      'two',
      null,
      null
    )) as IModel;

    expect(registry.load).toHaveBeenCalledWith('test:settings', false);
    // Applied as the settings arrive.
    await (registry.load as jest.Mock).mock.results[0].value;
    expect(model.preferences).toEqual({ limit: 7 });
  });

  it('passes an optional token that is there under its name', async () => {
    const { plugin: declared, create } = plugin();

    await declared.activate(labWith(new Map()), 'one', 'two', null, 'three');

    const context = (create.mock.calls[0] as unknown[])[0] as Record<string, unknown>;
    expect(context.third).toBe('three');
  });
});
