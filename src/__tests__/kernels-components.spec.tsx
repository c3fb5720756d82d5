import { nullTranslator } from '@jupyterlab/translation';
import { render, screen, within } from '@testing-library/react';
import * as React from 'react';

import { IKernelKeyInfo, KernelKeyState } from '../api';
import { IKernelListProps, KernelList } from '../kernels/KernelList';
import { NOTEBOOK_KERNEL, ORPHAN_KERNEL, SHARED_KERNEL } from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');

describe('KernelList', () => {
  function renderList(props: Partial<IKernelListProps> = {}) {
    return render(
      <KernelList
        kernels={[NOTEBOOK_KERNEL, SHARED_KERNEL, ORPHAN_KERNEL]}
        variable="QBRAID_API_KEY"
        trans={trans}
        {...props}
      />
    );
  }

  const rows = () => screen.getAllByRole('listitem');
  const stateText = (row: HTMLElement) =>
    row.querySelector('.jp-qbraid-KernelRow-state')!.textContent;
  const titleText = (row: HTMLElement) =>
    row.querySelector('.jp-qbraid-KeyRow-name')!.textContent;

  it('shows one labelled row per kernel, in order, in a named list', () => {
    renderList();

    expect(screen.getByRole('list', { name: 'Running kernels' })).toBeTruthy();
    expect(rows().map(row => row.getAttribute('aria-label'))).toEqual([
      'bell.ipynb: Has the current key',
      'ghz.ipynb, Console 1: Has an old key',
      // The reason is in the row, not its name.
      'Kernel ir: Language not supported'
    ]);
  });

  it.each([
    ['current', 'Has the current key'],
    ['previous', 'Has an old key'],
    ['not_injected', 'Not injected'],
    ['not_supported', 'Language not supported'],
    ['failed', 'Failed']
  ] as [KernelKeyState, string][])('labels state %s as “%s”', (state, label) => {
    renderList({ kernels: [{ ...NOTEBOOK_KERNEL, state, reason: null, holds: null }] });

    const [row] = rows();
    expect(stateText(row)).toBe(label);
    expect(row.getAttribute('aria-label')).toBe(`bell.ipynb: ${label}`);
    expect(row.classList).toContain('jp-qbraid-KernelRow');
    expect(row.classList).toContain(`jp-qbraid-mod-${state}`);
  });

  it('adds the reason after the state when the server gives one', () => {
    const failed: IKernelKeyInfo = {
      ...NOTEBOOK_KERNEL,
      state: 'failed',
      reason: 'The kernel did not answer within 5 s.'
    };
    renderList({ kernels: [failed, ORPHAN_KERNEL] });

    const [first, second] = rows();
    expect(stateText(first)).toBe('Failed: The kernel did not answer within 5 s.');
    expect(stateText(second)).toBe(
      'Language not supported: it cannot be changed while it runs, and it holds no key.'
    );
  });

  it('marks a kernel Lab could not change that still holds a key', () => {
    const bash: IKernelKeyInfo = {
      ...ORPHAN_KERNEL,
      id: 'kernel-bash',
      name: 'bash',
      language: 'bash',
      holds: 'current',
      reason: 'started with the key in its environment; restart it to clear.'
    };
    const busy: IKernelKeyInfo = {
      ...SHARED_KERNEL,
      state: 'failed',
      reason: 'busy: it did not answer within 5 s.'
    };
    renderList({ kernels: [bash, busy, NOTEBOOK_KERNEL, ORPHAN_KERNEL] });

    const [bashRow, busyRow, notebookRow, orphanRow] = rows();
    expect(bashRow.getAttribute('aria-label')).toBe(
      'Kernel bash: Language not supported; Still holds the key'
    );
    expect(bashRow.classList).toContain('jp-qbraid-mod-holdsKey');
    expect(stateText(bashRow)).toBe(
      'Language not supported: started with the key in its environment; restart it to clear.'
    );
    expect(busyRow.getAttribute('aria-label')).toBe(
      'ghz.ipynb, Console 1: Failed; Still holds an old key'
    );
    // A kernel Lab keeps current, or one holding nothing, is not marked.
    for (const row of [notebookRow, orphanRow]) {
      expect(row.classList).not.toContain('jp-qbraid-mod-holdsKey');
      expect(row.querySelector('.jp-qbraid-mod-holdsKey')).toBeNull();
    }
  });

  it('adds nothing after the state without a reason, or with an empty one', () => {
    renderList({
      kernels: [
        { ...NOTEBOOK_KERNEL, reason: null },
        { ...SHARED_KERNEL, reason: '' }
      ]
    });

    expect(rows().map(stateText)).toEqual(['Has the current key', 'Has an old key']);
  });

  it('names a kernel as the tabs of its notebooks and consoles name them, joined', () => {
    renderList();

    const [notebook, shared] = rows();
    expect(titleText(notebook)).toBe('bell.ipynb');
    expect(titleText(shared)).toBe('ghz.ipynb, Console 1');
  });

  it('has the whole name in the tooltip, with the paths that tell notebooks apart, never a console’s uuid', () => {
    renderList();

    const [notebook, shared, orphan] = rows();
    const name = (row: HTMLElement) => row.querySelector('.jp-qbraid-KeyRow-name')!;
    expect(name(notebook).getAttribute('title')).toBe('bell.ipynb (work/bell.ipynb)');
    expect(name(shared).getAttribute('title')).toBe('ghz.ipynb, Console 1 (ghz.ipynb)');
    expect(name(orphan).getAttribute('title')).toBe(titleText(orphan));
  });

  it('names a session without a name by the last part of its path', () => {
    renderList({
      kernels: [
        {
          ...NOTEBOOK_KERNEL,
          sessions: [{ path: 'work/deep/vqe.ipynb', name: '', type: 'notebook' }]
        }
      ]
    });

    expect(rows().map(titleText)).toEqual(['vqe.ipynb']);
  });

  it('names a kernel without sessions “Kernel <name>”', () => {
    renderList({
      kernels: [
        ORPHAN_KERNEL,
        { ...NOTEBOOK_KERNEL, id: 'kernel-9', name: 'python3', sessions: [] }
      ]
    });

    expect(rows().map(titleText)).toEqual(['Kernel ir', 'Kernel python3']);
  });

  it('shows each kernel’s language as a badge', () => {
    renderList();

    expect(
      rows().map(row => row.querySelector('.jp-qbraid-Badge')!.textContent)
    ).toEqual(['python', 'python', 'R']);
  });

  it('shows text, not markup, from paths, names and reasons', () => {
    renderList({
      kernels: [
        {
          ...NOTEBOOK_KERNEL,
          sessions: [
            { path: '<b>x</b>.ipynb', name: '<b>x</b>.ipynb', type: 'notebook' }
          ],
          state: 'failed',
          reason: '<img src=x onerror=alert(1)>'
        }
      ]
    });

    const [row] = rows();
    expect(titleText(row)).toBe('<b>x</b>.ipynb');
    expect(stateText(row)).toBe('Failed: <img src=x onerror=alert(1)>');
    expect(row.querySelector('b')).toBeNull();
    expect(row.querySelector('img')).toBeNull();
  });

  it('says no kernels are running, naming the variable new ones get', () => {
    const { container } = renderList({ kernels: [], variable: 'MY_QBRAID_KEY' });

    const empty = within(container).getByText(
      'No kernels are running. New ones get MY_QBRAID_KEY when they start.'
    );
    expect(empty.tagName).toBe('P');
    expect(empty.classList).toContain('jp-qbraid-Empty');
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('follows new props: rows come and go by kernel', () => {
    const { rerender } = renderList({ kernels: [NOTEBOOK_KERNEL] });
    expect(rows()).toHaveLength(1);

    rerender(
      <KernelList
        kernels={[{ ...NOTEBOOK_KERNEL, state: 'previous' }, SHARED_KERNEL]}
        variable="QBRAID_API_KEY"
        trans={trans}
      />
    );

    expect(rows().map(row => row.getAttribute('aria-label'))).toEqual([
      'bell.ipynb: Has an old key',
      'ghz.ipynb, Console 1: Has an old key'
    ]);

    rerender(<KernelList kernels={[]} variable="QBRAID_API_KEY" trans={trans} />);
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    expect(screen.getByText(/No kernels are running/)).toBeTruthy();
  });
});
