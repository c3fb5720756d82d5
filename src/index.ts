import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { accountPlugin } from './account/plugin';
import { statusPlugin } from './account/statusPlugin';
import { guardPlugin } from './guard/plugin';
import { idleStopPlugin, instancePlugin } from './instance/plugin';
import { kernelsPlugin } from './kernels/plugin';
import { keysPlugin } from './keys/plugin';
import { noticesPlugin } from './notices/plugin';
import { panelPlugin } from './panel/plugin';

const plugins: JupyterFrontEndPlugin<any>[] = [
  noticesPlugin,
  accountPlugin,
  keysPlugin,
  kernelsPlugin,
  guardPlugin,
  instancePlugin,
  idleStopPlugin,
  panelPlugin,
  statusPlugin
];

export default plugins;

// For other extensions: the tokens, their interfaces and the command ids.
export * from './tokens';
