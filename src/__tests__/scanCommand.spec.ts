import { JupyterFrontEnd } from '@jupyterlab/application';
import { nullTranslator } from '@jupyterlab/translation';
import { CommandRegistry } from '@lumino/commands';

import { registerScanCommand } from '../guard/commands';
import { CommandIDs } from '../tokens';
import { showScanDialog } from '../guard/scanDialog';
import { FakeGuard, labNotices } from './fixtures';

// The dialog is tested on its own (scanDialog.spec.tsx); here only that the command
// reaches it with the guard it was registered with and a way to open files.
jest.mock('../guard/scanDialog');
const mockShowScanDialog = showScanDialog as jest.MockedFunction<typeof showScanDialog>;

const trans = nullTranslator.load('jupyterlab_qbraid');

let commands: CommandRegistry;
let guard: FakeGuard;
let opened: jest.Mock;

beforeEach(() => {
  mockShowScanDialog.mockReset();
  mockShowScanDialog.mockResolvedValue(undefined);
  commands = new CommandRegistry();
  guard = new FakeGuard();
  opened = jest.fn();
  // What 'docmanager:open' would do, recorded.
  commands.addCommand('docmanager:open', { execute: args => opened(args) });
  const app = { commands } as unknown as JupyterFrontEnd;
  registerScanCommand(app, null, guard, trans, labNotices());
});

describe('registerScanCommand', () => {
  it('adds qbraid:scan-files with its label, caption and icon', () => {
    expect(CommandIDs.scanFiles).toBe('jupyterlab-qbraid:scan-files');
    expect(commands.hasCommand('jupyterlab-qbraid:scan-files')).toBe(true);
    expect(commands.label('jupyterlab-qbraid:scan-files')).toBe(
      'Scan files for qBraid keys'
    );
    expect(commands.caption('jupyterlab-qbraid:scan-files')).toBe(
      "Look for known qBraid API keys in the files of Lab's folder"
    );
    expect(commands.icon('jupyterlab-qbraid:scan-files')).toBeTruthy();
    expect(commands.isEnabled('jupyterlab-qbraid:scan-files')).toBe(true);
  });

  it('does not start a scan until it runs', () => {
    expect(mockShowScanDialog).not.toHaveBeenCalled();
    expect(guard.startScan).not.toHaveBeenCalled();
  });

  it('opens the scan dialog with the guard and waits for it', async () => {
    let closed = false;
    mockShowScanDialog.mockImplementationOnce(async () => {
      await Promise.resolve();
      closed = true;
    });

    await commands.execute('jupyterlab-qbraid:scan-files');

    expect(mockShowScanDialog).toHaveBeenCalledTimes(1);
    const [passedGuard, , passedTrans] = mockShowScanDialog.mock.calls[0];
    expect(passedGuard).toBe(guard);
    expect(passedTrans).toBe(trans);
    expect(closed).toBe(true);
  });

  it('opens a file of the results through the document manager', async () => {
    await commands.execute('jupyterlab-qbraid:scan-files');
    const openFile = mockShowScanDialog.mock.calls[0][1];

    openFile('work/bell.ipynb');
    await Promise.resolve();

    expect(opened).toHaveBeenCalledTimes(1);
    expect(opened).toHaveBeenCalledWith({ path: 'work/bell.ipynb' });
  });

  it('lets a failure of the dialog through', async () => {
    mockShowScanDialog.mockRejectedValueOnce(new Error('no dialog'));

    await expect(commands.execute('jupyterlab-qbraid:scan-files')).rejects.toThrow(
      'no dialog'
    );
  });
});
