/**
 * This frontend's version, the package's own (a jest test holds it to package.json): the
 * server part reports its version in the summary, and a difference means a half-upgraded
 * install.
 */
export const FRONTEND_VERSION = '0.1.0';
