/**
 * The panel fits the sidebar in qBraid Lab's configuration (JupyterLab Dark by default, Lab's
 * notifications off): the same tests as in stock Lab, see tests/panelFit.ts.
 */
import { describePanelFit } from '../tests/panelFit';

describePanelFit('qbraid-lab');
