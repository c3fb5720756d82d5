import plugins from '../index';

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
});
