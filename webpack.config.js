/**
 * What the builder's configuration does not say (package.json's jupyterlab.webpackConfig):
 * the modules Lab's start runs go into remoteEntry, which Lab loads anyway, rather than into
 * a chunk of their own that Lab can only ask for once remoteEntry has run. One request and
 * one script fewer before Lab is up; everything loaded later stays in its own chunks.
 *
 * Those modules are the ones lib/index.js reaches by static imports, read from the compiled
 * lib/ that the builder bundles (a dynamic import() starts a chunk of its own).
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const { name } = require('./package.json');

function startModules(file, found = new Set()) {
  if (found.has(file)) {
    return found;
  }
  found.add(file);
  if (!file.endsWith('.js')) {
    return found;
  }
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(file, 'utf-8'),
    ts.ScriptTarget.Latest
  );
  for (const statement of source.statements) {
    const specifier =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier;
    // Packages are Lab's shared ones, which remoteEntry never holds.
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) {
      startModules(
        require.resolve(path.resolve(path.dirname(file), specifier.text)),
        found
      );
    }
  }
  return found;
}

const START = startModules(require.resolve(path.join(__dirname, 'lib', 'index.js')));

module.exports = {
  optimization: {
    splitChunks: {
      cacheGroups: {
        start: {
          test: module => START.has(module.resource),
          chunks: 'async',
          // The container's own chunk, remoteEntry, is named after the package.
          name,
          enforce: true
        }
      }
    }
  }
};
