import { Notification } from '@jupyterlab/apputils';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { nullTranslator } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';

import { IGuardReport } from '../api';
import { followSaves } from '../guard/saveHook';
import { FakeGuard, FakeKernels, FAKE_KEY_HINT, labNotices } from './fixtures';
import { INoticeAction } from '../tokens';

const trans = nullTranslator.load('jupyterlab_qbraid');

type FoundReport = Extract<IGuardReport, { found: true }>;

/** The parts of a document's context that the save guard touches. */
class FakeContext {
  constructor(public path: string) {}
  readonly saveState = new Signal<FakeContext, DocumentRegistry.SaveState>(this);
  readonly model = { sharedModel: { cells: [] } };
  save = jest.fn(() => Promise.resolve());
  revert = jest.fn(() => Promise.resolve());

  asContext(): DocumentRegistry.Context {
    return this as unknown as DocumentRegistry.Context;
  }
}

function found(path: string, overrides: Partial<FoundReport> = {}): FoundReport {
  return {
    path,
    found: true,
    redactedOutputs: 1,
    outputsLeft: 0,
    hints: [FAKE_KEY_HINT],
    sources: [],
    other: 0,
    language: 'python',
    textLines: [],
    ...overrides
  };
}

let registry: DocumentRegistry;
let guard: FakeGuard;
let kernels: FakeKernels;
let info: jest.SpyInstance;
let warning: jest.SpyInstance;
let consoleError: jest.SpyInstance;

/** Open `context` in a view made by `factory`, as the document manager does. */
function open(factory: string, context: FakeContext): void {
  const extensions = Array.from(registry.widgetExtensions(factory));
  for (const extension of extensions) {
    extension.createNew({} as any, context.asContext());
  }
}

/**
 * Let the report's promise and what follows it run, including a lazy load of the
 * notices module: a few macrotask turns, not just microtasks.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise(resolve => setTimeout(resolve, 0));
  }
}

beforeEach(() => {
  registry = new DocumentRegistry();
  guard = new FakeGuard();
  kernels = new FakeKernels();
  info = jest.spyOn(Notification, 'info').mockReturnValue('');
  warning = jest.spyOn(Notification, 'warning').mockReturnValue('');
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  registry.dispose();
  jest.restoreAllMocks();
});

describe('followSaves', () => {
  it('adds one extension to the notebook views and one to the editor views', () => {
    expect(Array.from(registry.widgetExtensions('Notebook'))).toHaveLength(0);

    followSaves(registry, guard, kernels, trans, labNotices());

    expect(Array.from(registry.widgetExtensions('Notebook'))).toHaveLength(1);
    expect(Array.from(registry.widgetExtensions('Editor'))).toHaveLength(1);
    expect(Array.from(registry.widgetExtensions('Markdown Preview'))).toHaveLength(0);
  });

  it('asks for the report once a save has completed, not when it starts or fails', async () => {
    followSaves(registry, guard, kernels, trans, labNotices());
    const context = new FakeContext('work/bell.ipynb');
    open('Notebook', context);

    context.saveState.emit('started');
    context.saveState.emit('failed');
    await settle();
    expect(guard.takeReport).not.toHaveBeenCalled();

    context.saveState.emit('started');
    context.saveState.emit('completed');
    await settle();

    expect(guard.takeReport).toHaveBeenCalledTimes(1);
    expect(guard.takeReport).toHaveBeenCalledWith('work/bell.ipynb');
  });

  it('follows the documents already open, once, as well as those opened after', async () => {
    const restored = new FakeContext('work/restored.ipynb');
    followSaves(registry, guard, kernels, trans, labNotices(), [restored.asContext()]);
    // A second view of the same document.
    open('Notebook', restored);
    const later = new FakeContext('work/later.ipynb');
    open('Notebook', later);

    restored.saveState.emit('completed');
    later.saveState.emit('completed');
    await settle();

    expect(guard.takeReport.mock.calls).toEqual([
      ['work/restored.ipynb'],
      ['work/later.ipynb']
    ]);
  });

  it('shows the report of a save that held a key', async () => {
    followSaves(registry, guard, kernels, trans, labNotices());
    const context = new FakeContext('work/bell.ipynb');
    guard.takeReport.mockResolvedValueOnce(found('work/bell.ipynb'));
    open('Notebook', context);

    context.saveState.emit('completed');
    await settle();

    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0][0]).toContain('…abcd');
    expect(info.mock.calls[0][0]).toContain('work/bell.ipynb');
    // Its action acts on the context that was saved.
    (info.mock.calls[0][1].actions[0] as INoticeAction).callback();
    expect(context.revert).toHaveBeenCalledTimes(1);
  });

  it('names the variable the kernels use now', async () => {
    followSaves(registry, guard, kernels, trans, labNotices());
    const context = new FakeContext('scripts/run.py');
    guard.takeReport.mockResolvedValueOnce(
      found('scripts/run.py', {
        redactedOutputs: 0,
        language: null,
        textLines: [{ line: 2, ranges: [[5, 41]] }]
      })
    );
    open('Editor', context);
    kernels.preferences = { variableName: 'MY_QBRAID_KEY', autoInject: true };

    context.saveState.emit('completed');
    await settle();

    expect(warning).toHaveBeenCalledTimes(1);
    expect(warning.mock.calls[0][0]).toBe(
      'qBraid key …abcd is on line 2; read it from MY_QBRAID_KEY instead. File: scripts/run.py'
    );
  });

  it('shows nothing when the save held no key', async () => {
    followSaves(registry, guard, kernels, trans, labNotices());
    const context = new FakeContext('clean.ipynb');
    open('Notebook', context);

    context.saveState.emit('completed');
    await settle();

    expect(guard.takeReport).toHaveBeenCalledTimes(1);
    expect(info).not.toHaveBeenCalled();
    expect(warning).not.toHaveBeenCalled();
  });

  it('asks with the path the document has at the time of the save', async () => {
    followSaves(registry, guard, kernels, trans, labNotices());
    const context = new FakeContext('Untitled.ipynb');
    open('Notebook', context);

    context.path = 'work/renamed.ipynb';
    context.saveState.emit('completed');
    await settle();

    expect(guard.takeReport).toHaveBeenCalledWith('work/renamed.ipynb');
  });

  it('reports a document opened in two views once per save', async () => {
    followSaves(registry, guard, kernels, trans, labNotices());
    const context = new FakeContext('work/bell.ipynb');
    guard.takeReport.mockResolvedValue(found('work/bell.ipynb'));
    open('Notebook', context);
    open('Notebook', context);

    context.saveState.emit('completed');
    await settle();

    expect(guard.takeReport).toHaveBeenCalledTimes(1);
    expect(info).toHaveBeenCalledTimes(1);

    // The next save holds something new, so it is told.
    guard.takeReport.mockResolvedValue({
      ...found('work/bell.ipynb'),
      redactedOutputs: 2
    } as any);
    context.saveState.emit('completed');
    await settle();

    expect(guard.takeReport).toHaveBeenCalledTimes(2);
    expect(info).toHaveBeenCalledTimes(2);
  });

  it('does not tell the same findings again on the next (auto)save', async () => {
    followSaves(registry, guard, kernels, trans, labNotices());
    const context = new FakeContext('work/same.ipynb');
    guard.takeReport.mockResolvedValue(found('work/same.ipynb'));
    open('Notebook', context);

    context.saveState.emit('completed');
    await settle();
    context.saveState.emit('completed');
    await settle();

    expect(guard.takeReport).toHaveBeenCalledTimes(2);
    expect(info).toHaveBeenCalledTimes(1);

    // Once a save is clean, the same findings later are news again.
    guard.takeReport.mockResolvedValueOnce({ path: 'work/same.ipynb', found: false });
    context.saveState.emit('completed');
    await settle();
    context.saveState.emit('completed');
    await settle();

    expect(info).toHaveBeenCalledTimes(2);
  });

  it('follows each open document on its own', async () => {
    followSaves(registry, guard, kernels, trans, labNotices());
    const notebook = new FakeContext('a.ipynb');
    const script = new FakeContext('b.py');
    open('Notebook', notebook);
    open('Editor', script);

    script.saveState.emit('completed');
    await settle();

    expect(guard.takeReport.mock.calls).toEqual([['b.py']]);

    notebook.saveState.emit('completed');
    await settle();

    expect(guard.takeReport.mock.calls).toEqual([['b.py'], ['a.ipynb']]);
  });

  it('logs a report that could not be fetched, and shows nothing', async () => {
    followSaves(registry, guard, kernels, trans, labNotices());
    const context = new FakeContext('work/bell.ipynb');
    const failure = new Error('gone');
    guard.takeReport.mockRejectedValueOnce(failure);
    open('Notebook', context);

    context.saveState.emit('completed');
    await settle();

    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(consoleError.mock.calls[0][0]).toContain('no leak report for a save');
    expect(consoleError.mock.calls[0][1]).toBe(failure);
    expect(info).not.toHaveBeenCalled();
    expect(warning).not.toHaveBeenCalled();
  });
});
