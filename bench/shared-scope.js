/**
 * What a prebuilt labextension puts into Lab's shared module scope: runs each remoteEntry in
 * a Node sandbox and calls its container's init() with an empty scope, as Lab does at start.
 * Every package the extension bundles and shares then shows up in that scope under its name
 * (packages left to Lab, such as React and Lumino with `bundled: false`, do not).
 *
 * Usage: node bench/shared-scope.js <remoteEntry.js>...
 * Prints one JSON object: {"<remoteEntry path>": {"<container>": {"<package>": [versions]}}}.
 */
const fs = require('fs');
const vm = require('vm');

async function sharedScope(file) {
  const sandbox = {
    console: { log() {}, info() {}, warn() {}, error() {} },
    setTimeout,
    clearTimeout,
    Promise,
    // Enough of a page for webpack's and rspack's runtime to work out its public path.
    document: {
      currentScript: {
        src: 'http://127.0.0.1/static/remoteEntry.js',
        tagName: 'SCRIPT'
      },
      getElementsByTagName: () => [],
      querySelectorAll: () => [],
      createElement: () => ({ setAttribute() {}, appendChild() {} }),
      head: { appendChild() {} }
    },
    location: { href: 'http://127.0.0.1/', origin: 'http://127.0.0.1' }
  };
  sandbox.self = sandbox;
  sandbox.window = sandbox;
  sandbox.globalThis = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(file, 'utf8'), sandbox, { filename: file });
  const found = {};
  for (const [name, container] of Object.entries(sandbox._JUPYTERLAB || {})) {
    const scope = {};
    // Registers factories only: nothing is loaded or run.
    await container.init(scope);
    found[name] = Object.fromEntries(
      Object.entries(scope).map(([key, versions]) => [key, Object.keys(versions)])
    );
  }
  return found;
}

(async () => {
  const result = {};
  for (const file of process.argv.slice(2)) {
    result[file] = await sharedScope(file);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
})().catch(error => {
  console.error(error);
  process.exit(1);
});
