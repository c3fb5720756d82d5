import { Notification } from '@jupyterlab/apputils';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { nullTranslator } from '@jupyterlab/translation';

import { IGuardReport, IKeyInSource } from '../api';
import { showLeakReport } from '../guard/leakNotices';
import { FAKE_KEY, FAKE_KEY_HINT, OTHER_FAKE_KEY, labNotices } from './fixtures';
import { INoticeAction } from '../tokens';

const trans = nullTranslator.load('jupyterlab_qbraid');
const VARIABLE = 'QBRAID_API_KEY';
const PATH = 'work/bell.ipynb';
const PY_READ = 'os.environ["QBRAID_API_KEY"]';

type FoundReport = Extract<IGuardReport, { found: true }>;

/** A report of a save that held a key, with nothing in it unless overridden. */
function report(overrides: Partial<FoundReport> = {}): FoundReport {
  return {
    path: PATH,
    found: true,
    redactedOutputs: 0,
    outputsLeft: 0,
    hints: [FAKE_KEY_HINT],
    sources: [],
    other: 0,
    language: 'python',
    textLines: [],
    ...overrides
  };
}

/** A cell of the notebook's shared model. */
class FakeCell {
  constructor(
    readonly id: string,
    private _source: string
  ) {}

  getSource = jest.fn(() => this._source);
  setSource = jest.fn((value: string) => {
    this._source = value;
  });
}

/** Where each key of `keys` sits in `cell`'s source, as the server reports it. */
function keyIn(
  cell: FakeCell,
  cellIndex: number,
  cellId: string | null = cell.id,
  keys: string[] = [FAKE_KEY]
): IKeyInSource {
  const source = cell.getSource();
  const ranges: [number, number][] = [];
  for (const key of keys) {
    for (let at = source.indexOf(key); at >= 0; at = source.indexOf(key, at + 1)) {
      ranges.push([at, at + key.length]);
    }
  }
  cell.getSource.mockClear();
  return { cellIndex, cellId, ranges };
}

let cells: FakeCell[];
let context: {
  path: string;
  model: { sharedModel: { cells: FakeCell[] } };
  save: jest.Mock<Promise<void>, []>;
  revert: jest.Mock<Promise<void>, []>;
};
let info: jest.SpyInstance;
let warning: jest.SpyInstance;
let success: jest.SpyInstance;
let error: jest.SpyInstance;

function show(found: FoundReport, variable = VARIABLE): void {
  showLeakReport(
    found,
    context as unknown as DocumentRegistry.Context,
    variable,
    trans,
    labNotices()
  );
}

/** The actions of the n-th call of a Notification spy. */
function actionsOf(spy: jest.SpyInstance, call = 0): INoticeAction[] {
  return (spy.mock.calls[call][1]?.actions ?? []) as INoticeAction[];
}

/** Click an action, then let what it started finish. */
async function click(action: INoticeAction): Promise<void> {
  action.callback();
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
}

/** Every text any notification showed: messages, labels and captions. */
function everythingShown(): string {
  return [info, warning, success, error]
    .flatMap(spy => spy.mock.calls)
    .map(([message, options]) =>
      [
        message,
        ...((options?.actions ?? []) as INoticeAction[]).flatMap(action => [
          action.label,
          action.caption ?? ''
        ])
      ].join('\n')
    )
    .join('\n');
}

beforeEach(() => {
  cells = [];
  context = {
    path: PATH,
    model: { sharedModel: { cells } },
    save: jest.fn(() => Promise.resolve()),
    revert: jest.fn(() => Promise.resolve())
  };
  info = jest.spyOn(Notification, 'info').mockReturnValue('');
  warning = jest.spyOn(Notification, 'warning').mockReturnValue('');
  success = jest.spyOn(Notification, 'success').mockReturnValue('');
  error = jest.spyOn(Notification, 'error').mockReturnValue('');
});

afterEach(() => {
  // No notification, whatever it says, may hold a whole key.
  const shown = everythingShown();
  expect(shown).not.toContain(FAKE_KEY);
  expect(shown).not.toContain(OTHER_FAKE_KEY);
  expect(shown).not.toContain(FAKE_KEY.slice(0, -FAKE_KEY_HINT.length));
  jest.restoreAllMocks();
});

describe('showLeakReport', () => {
  it('says nothing for a report with nothing in it', () => {
    show(report());

    expect(info).not.toHaveBeenCalled();
    expect(warning).not.toHaveBeenCalled();
  });

  describe('redacted outputs', () => {
    it('tells of one redacted output, naming the key by its end and the file last', () => {
      show(report({ redactedOutputs: 1 }));

      expect(info).toHaveBeenCalledTimes(1);
      expect(info.mock.calls[0][0]).toBe(
        'qBraid key …abcd saved as a marker in 1 output (still on screen until reloaded): work/bell.ipynb'
      );
      expect(info.mock.calls[0][1].autoClose).toBe(false);
      expect(warning).not.toHaveBeenCalled();
    });

    it('tells of several outputs and several keys', () => {
      show(report({ redactedOutputs: 3, hints: ['abcd', 'wxyz'] }));

      expect(info.mock.calls[0][0]).toBe(
        'qBraid key …abcd, …wxyz saved as a marker in 3 outputs (still on screen until reloaded): work/bell.ipynb'
      );
    });

    it('offers to reload the notebook from disk', async () => {
      show(report({ redactedOutputs: 2 }));

      const actions = actionsOf(info);
      expect(actions.map(action => action.label)).toEqual(['Reload from disk']);
      expect(actions[0].caption).toBe('Show the notebook as it was saved');
      expect(context.revert).not.toHaveBeenCalled();

      await click(actions[0]);

      expect(context.revert).toHaveBeenCalledTimes(1);
      expect(context.save).not.toHaveBeenCalled();
    });
  });

  describe('outputs left', () => {
    it('warns that redaction is off, without an action', () => {
      show(report({ outputsLeft: 2 }));

      expect(info).not.toHaveBeenCalled();
      expect(warning).toHaveBeenCalledTimes(1);
      expect(warning).toHaveBeenCalledWith(
        'qBraid key …abcd saved in outputs: redaction on save is off in the qBraid settings. File: work/bell.ipynb',
        { autoClose: false }
      );
    });
  });

  describe('keys in cell sources', () => {
    it('warns, naming the cells counted from 1 and the variable', () => {
      cells.push(new FakeCell('c-0', 'x = 1'));
      show(
        report({
          sources: [
            { cellIndex: 0, cellId: 'c-0', ranges: [[5, 10]] },
            { cellIndex: 4, cellId: 'c-4', ranges: [[1, 6]] }
          ]
        }),
        'MY_KEY'
      );

      expect(warning).toHaveBeenCalledTimes(1);
      expect(warning.mock.calls[0][0]).toBe(
        'qBraid key …abcd is in the code of cell 1, 5; read it from MY_KEY instead. File: work/bell.ipynb'
      );
      expect(warning.mock.calls[0][1].autoClose).toBe(false);
    });

    it.each(['python', 'Python', 'R', 'julia'])(
      'offers to replace the key in %s',
      language => {
        show(
          report({
            language,
            sources: [{ cellIndex: 0, cellId: 'c', ranges: [[0, 1]] }]
          })
        );

        const actions = actionsOf(warning);
        expect(actions.map(action => action.label)).toEqual([
          'Replace with environment variable'
        ]);
        expect(actions[0].caption).toBe(
          'Read the key from QBRAID_API_KEY in these cells, then save'
        );
      }
    );

    it.each([null, 'javascript', 'scala'])(
      'offers no replacement where the language %p cannot read the variable',
      language => {
        show(
          report({
            language,
            sources: [{ cellIndex: 0, cellId: 'c', ranges: [[0, 1]] }]
          })
        );

        expect(warning).toHaveBeenCalledTimes(1);
        expect(actionsOf(warning)).toEqual([]);
      }
    );
  });

  describe('keys in lines of a text file', () => {
    it('warns, naming the lines and the variable, without an action', () => {
      show(
        report({
          path: 'scripts/run.py',
          language: null,
          textLines: [
            { line: 3, ranges: [[10, 46]] },
            { line: 17, ranges: [[0, 36]] }
          ]
        })
      );

      expect(warning).toHaveBeenCalledTimes(1);
      expect(warning).toHaveBeenCalledWith(
        'qBraid key …abcd is on line 3, 17; read it from QBRAID_API_KEY instead. File: scripts/run.py',
        { autoClose: false }
      );
    });
  });

  it('shows a notice for each kind of finding in one save', () => {
    show(
      report({
        redactedOutputs: 1,
        outputsLeft: 1,
        sources: [{ cellIndex: 2, cellId: 'c-2', ranges: [[0, 1]] }],
        textLines: [{ line: 1, ranges: [[0, 1]] }]
      })
    );

    expect(info).toHaveBeenCalledTimes(1);
    expect(warning).toHaveBeenCalledTimes(3);
    expect(warning.mock.calls.map(([message]) => message)).toEqual([
      expect.stringContaining('redaction on save is off'),
      expect.stringContaining('in the code of cell 3'),
      expect.stringContaining('is on line 1')
    ]);
  });
});

describe('showLeakReport: Replace with environment variable', () => {
  async function replaceWith(found: FoundReport): Promise<void> {
    show(found);
    const actions = actionsOf(warning);
    expect(actions).toHaveLength(1);
    warning.mockClear();
    await click(actions[0]);
  }

  it('replaces the literal in the cell, saves, and says so', async () => {
    const cell = new FakeCell('c-1', `client = Client(api_key="${FAKE_KEY}")`);
    cells.push(new FakeCell('c-0', '%pip install qbraid'), cell);

    await replaceWith(report({ sources: [keyIn(cell, 1)] }));

    expect(cell.setSource).toHaveBeenCalledTimes(1);
    expect(cell.getSource()).toBe(`import os\nclient = Client(api_key=${PY_READ})`);
    expect(cells[0].setSource).not.toHaveBeenCalled();
    expect(context.save).toHaveBeenCalledTimes(1);
    expect(success).toHaveBeenCalledWith(
      'Now reads the key from QBRAID_API_KEY: work/bell.ipynb',
      { autoClose: 5000 }
    );
    expect(warning).not.toHaveBeenCalled();
  });

  it('replaces in every cell named, with several keys and quotes', async () => {
    const first = new FakeCell('a', `import os, sys\nk = '${FAKE_KEY}'`);
    const second = new FakeCell(
      'b',
      `%%time\nx = "${FAKE_KEY}"\ny = r"${OTHER_FAKE_KEY}"`
    );
    cells.push(first, new FakeCell('m', '# Notes'), second);

    await replaceWith(
      report({
        hints: ['abcd', 'wxyz'],
        sources: [keyIn(first, 0), keyIn(second, 2, 'b', [FAKE_KEY, OTHER_FAKE_KEY])]
      })
    );

    expect(first.getSource()).toBe(`import os, sys\nk = ${PY_READ}`);
    expect(second.getSource()).toBe(
      `%%time\nimport os\nx = ${PY_READ}\ny = ${PY_READ}`
    );
    expect(context.save).toHaveBeenCalledTimes(1);
    expect(success).toHaveBeenCalledTimes(1);
  });

  it('reads the variable the way R does in an R notebook', async () => {
    const cell = new FakeCell('r-1', `key <- "${FAKE_KEY}"`);
    cells.push(cell);

    await replaceWith(report({ language: 'R', sources: [keyIn(cell, 0)] }));

    expect(cell.getSource()).toBe('key <- Sys.getenv("QBRAID_API_KEY")');
    expect(context.save).toHaveBeenCalledTimes(1);
  });

  it('finds a cell by its id when cells moved since the save', async () => {
    const cell = new FakeCell('c-key', `k = "${FAKE_KEY}"`);
    const inserted = new FakeCell(
      'c-new',
      `other = "${FAKE_KEY.replace('FAKE', 'XXXX')}"`
    );
    const source = keyIn(cell, 0);
    cells.push(inserted, cell);

    await replaceWith(report({ sources: [source] }));

    expect(inserted.setSource).not.toHaveBeenCalled();
    expect(cell.getSource()).toBe(`import os\nk = ${PY_READ}`);
    expect(success).toHaveBeenCalledTimes(1);
  });

  it('uses the cell at the index when the report names no id', async () => {
    const cell = new FakeCell('whatever', `k = "${FAKE_KEY}"`);
    cells.push(new FakeCell('x', 'pass'), cell);

    await replaceWith(report({ sources: [keyIn(cell, 1, null)] }));

    expect(cell.getSource()).toBe(`import os\nk = ${PY_READ}`);
    expect(success).toHaveBeenCalledTimes(1);
  });

  it('leaves a key whose cell is gone, and says how many were left', async () => {
    const cell = new FakeCell('c-gone', `k = "${FAKE_KEY}"`);
    const source = keyIn(cell, 0);
    const other = new FakeCell('c-other', `k = "${FAKE_KEY}"`);
    cells.push(other);

    await replaceWith(report({ sources: [source] }));

    // The cell now at that index has another id: it is not touched.
    expect(other.setSource).not.toHaveBeenCalled();
    expect(context.save).not.toHaveBeenCalled();
    expect(success).not.toHaveBeenCalled();
    expect(warning).toHaveBeenCalledWith(
      '1 key left as it is: inside longer text, or edited since the save. Edit it by hand in work/bell.ipynb',
      { autoClose: false }
    );
  });

  it('leaves a key past the last cell when the report names no id', async () => {
    const cell = new FakeCell('c', `k = "${FAKE_KEY}"`);
    const source = keyIn(cell, 5, null);
    cells.push(cell);

    await replaceWith(report({ sources: [source] }));

    expect(cell.setSource).not.toHaveBeenCalled();
    expect(warning.mock.calls[0][0]).toMatch(/^1 key left as it is/);
  });

  it('replaces what it can, saves, and counts the key inside "Bearer …"', async () => {
    const cell = new FakeCell(
      'c-1',
      `k = "${FAKE_KEY}"\nheaders = {"Authorization": "Bearer ${FAKE_KEY}"}`
    );
    cells.push(cell);

    await replaceWith(report({ sources: [keyIn(cell, 0)] }));

    expect(cell.getSource()).toBe(
      `import os\nk = ${PY_READ}\nheaders = {"Authorization": "Bearer ${FAKE_KEY}"}`
    );
    expect(context.save).toHaveBeenCalledTimes(1);
    expect(success).not.toHaveBeenCalled();
    expect(warning).toHaveBeenCalledTimes(1);
    expect(warning.mock.calls[0][0]).toBe(
      '1 key left as it is: inside longer text, or edited since the save. Edit it by hand in work/bell.ipynb'
    );
  });

  it('neither changes nor saves a cell where no key can be replaced', async () => {
    const cell = new FakeCell('c-1', `h = "Bearer ${FAKE_KEY}"\n# ${FAKE_KEY}`);
    cells.push(cell);

    await replaceWith(report({ sources: [keyIn(cell, 0)] }));

    expect(cell.setSource).not.toHaveBeenCalled();
    expect(context.save).not.toHaveBeenCalled();
    expect(warning.mock.calls[0][0]).toMatch(/^2 keys left as they are/);
  });

  it('leaves a cell edited since the save when the quotes no longer fit', async () => {
    const cell = new FakeCell('c-1', `k = "${FAKE_KEY}"`);
    const source = keyIn(cell, 0);
    // The person typed in front of the key after the save: the offsets are off by two.
    cell.setSource(`key = "${FAKE_KEY}"`);
    cell.setSource.mockClear();
    cells.push(cell);

    await replaceWith(report({ sources: [source] }));

    expect(cell.setSource).not.toHaveBeenCalled();
    expect(context.save).not.toHaveBeenCalled();
    expect(warning.mock.calls[0][0]).toMatch(/^1 key left as it is/);
  });
});
