/** The panel fits the sidebar, in stock Lab: see panelFit.ts. */
import { describePanelFit } from './panelFit';

describePanelFit('lab');
