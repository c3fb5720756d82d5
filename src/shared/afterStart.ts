/**
 * Resolves in a task of its own: a deferred plugin, which Lab activates as `app.restored`
 * settles, loads its code once every handler of Lab's start has run, not among them.
 */
export function afterStart(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 0));
}
