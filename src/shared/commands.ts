import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ISignal } from '@lumino/signaling';

/** Where the palette lists our commands. */
const PALETTE_CATEGORY = 'qBraid';

/** What Lab's command registry takes for a command. */
type CommandOptions = Parameters<JupyterFrontEnd['commands']['addCommand']>[1];

/** Every command acts on the current account and instance and takes no arguments. */
const NO_ARGUMENTS = { args: { type: 'object', properties: {} } } as const;

/**
 * Add one of our commands, list it in the palette where there is one, and have menus and
 * the palette read its state again whenever one of `changedBy` fires.
 */
export function addCommand(
  app: JupyterFrontEnd,
  palette: ICommandPalette | null,
  id: string,
  options: CommandOptions,
  changedBy: ISignal<unknown, void>[] = []
): void {
  app.commands.addCommand(id, { describedBy: NO_ARGUMENTS, ...options });
  palette?.addItem({ command: id, category: PALETTE_CATEGORY });
  for (const signal of changedBy) {
    signal.connect(() => app.commands.notifyCommandChanged(id));
  }
}
