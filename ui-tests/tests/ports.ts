/**
 * Ports of a browser test run, all from QBRAID_UI_PORT (8888 by default), so that two runs
 * (CI and a developer's, say) do not meet.
 */
export const UI_PORT = Number(process.env.QBRAID_UI_PORT ?? '8888');
/** The JupyterHub of hub.spec.ts. */
export const HUB_PORT = UI_PORT - 123;
/** The server of its own that stop-standalone.spec.ts shuts down. */
export const STANDALONE_PORT = UI_PORT + 11;
/** The server without our server extension, of server-missing.spec.ts. */
export const NO_SERVER_EXTENSION_PORT = UI_PORT + 12;
/** The on-demand instance's server of usage.spec.ts. */
export const ON_DEMAND_PORT = UI_PORT + 13;
/** The JupyterHub of hub-stop.spec.ts, whose Lab servers are an ordinary hub's. */
export const PLAIN_HUB_PORT = UI_PORT - 124;
/** The JupyterHub of qbraid-lab/hub-stop.spec.ts, whose Lab servers run as qBraid Lab. */
export const QBRAID_LAB_HUB_PORT = UI_PORT - 125;
/** The JupyterHub of idle-tabs.spec.ts, whose Lab is open in two tabs. */
export const IDLE_HUB_PORT = UI_PORT - 126;
