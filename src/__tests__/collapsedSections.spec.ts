import { StateDB } from '@jupyterlab/statedb';

import { COLLAPSED_STATE_KEY, CollapsedSections } from '../panel/collapsedSections';

describe('CollapsedSections', () => {
  it('starts with every section open, with or without a database', async () => {
    const kept = new CollapsedSections(new StateDB());
    const pageOnly = new CollapsedSections(null);
    await Promise.all([kept.restored, pageOnly.restored]);

    expect(kept.isCollapsed('Keys')).toBe(false);
    expect(pageOnly.isCollapsed('Keys')).toBe(false);
  });

  it('keeps what is closed for the next page, and forgets what is opened again', async () => {
    const state = new StateDB();
    const first = new CollapsedSections(state);
    await first.restored;
    first.setCollapsed('Keys', true);
    first.setCollapsed('Kernels', true);
    first.setCollapsed('Kernels', false);
    await state.fetch(COLLAPSED_STATE_KEY);

    const next = new CollapsedSections(state);
    await next.restored;

    expect(next.isCollapsed('Keys')).toBe(true);
    expect(next.isCollapsed('Kernels')).toBe(false);
    expect(await state.fetch(COLLAPSED_STATE_KEY)).toEqual(['Keys']);
  });

  it('says when it changes, and only then', async () => {
    const sections = new CollapsedSections(null);
    const changed = jest.fn();
    sections.changed.connect(changed);

    sections.setCollapsed('Credits', true);
    sections.setCollapsed('Credits', true);

    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('lets a change made before the database answered win over what it held', async () => {
    const state = new StateDB();
    await state.save(COLLAPSED_STATE_KEY, ['Keys']);
    const sections = new CollapsedSections(state);

    sections.setCollapsed('Credits', true);
    await sections.restored;

    expect(sections.isCollapsed('Credits')).toBe(true);
    expect(sections.isCollapsed('Keys')).toBe(false);
  });

  it('opens every section when what the database holds is not a list of names', async () => {
    const state = new StateDB();
    await state.save(COLLAPSED_STATE_KEY, { Keys: true });
    const sections = new CollapsedSections(state);
    await sections.restored;

    expect(sections.isCollapsed('Keys')).toBe(false);
  });
});
