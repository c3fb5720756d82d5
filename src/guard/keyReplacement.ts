/** How each kernel language reads an environment variable. */
const READERS = new Map<string, (variable: string) => string>([
  ['python', variable => `os.environ["${variable}"]`],
  ['r', variable => `Sys.getenv("${variable}")`],
  ['julia', variable => `ENV["${variable}"]`]
]);

// `import os`, `import sys, os`, `import os.path` bind `os`; `import os as o` does not.
const PYTHON_IMPORTS_OS =
  /^\s*import\s+(?:[\w.]+(?:\s+as\s+\w+)?\s*,\s*)*os(?:\.\w+)*(?!\w)(?!\s+as\b)/m;
const PYTHON_STRING_PREFIX = /[rRuUbBfF]{1,2}$/;
const FUTURE_IMPORTS = /^(?:from\s+__future__\s+import[^\n]*\n)+/m;
/** Cell magics whose body is still Python run in the kernel. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun']);

export interface IReplacement {
  source: string;
  /** Literals replaced with the variable. */
  replaced: number;
  /** Occurrences left: inside a longer string or a comment, where no expression fits. */
  left: number;
}

/** Whether code in this language can read the variable in place of the literal. */
export function canReplace(language: string | null): boolean {
  return language !== null && READERS.has(language.toLowerCase());
}

/**
 * Replace each string literal that is exactly a key (the ranges are the key's, in UTF-16
 * offsets) with the language's way to read `variable`; Python gets `import os` when the
 * cell has none. Anything less plain (triple quotes, escapes, string macros, a cell in
 * another language) is left for the person and counted in `left`.
 */
export function replaceKeyLiterals(
  source: string,
  ranges: [number, number][],
  language: string | null,
  variable: string
): IReplacement {
  const name = language?.toLowerCase() ?? '';
  const reader = READERS.get(name);
  const magic = /^%%(\w+)[^\n]*\n/.exec(source);
  if (!reader || (magic && !PYTHON_CELL_MAGICS.has(magic[1]))) {
    return { source, replaced: 0, left: ranges.length };
  }
  const python = name === 'python';
  let result = source;
  let replaced = 0;
  let left = 0;
  // From the end, so that earlier offsets stay valid.
  for (const [start, end] of [...ranges].sort((a, b) => b[0] - a[0])) {
    const literalStart = plainLiteralStart(result, start, end, python);
    if (literalStart === null) {
      left++;
      continue;
    }
    result = result.slice(0, literalStart) + reader(variable) + result.slice(end + 1);
    replaced++;
  }
  if (python && replaced > 0 && !PYTHON_IMPORTS_OS.test(result)) {
    result = withImportOs(result);
  }
  return { source: result, replaced, left };
}

/** Where the literal around [start, end) begins, if it is a plain string of the key alone. */
function plainLiteralStart(
  text: string,
  start: number,
  end: number,
  python: boolean
): number | null {
  const quote = text.charAt(start - 1);
  if ((quote !== '"' && quote !== "'") || text.charAt(end) !== quote) {
    return null;
  }
  const before = text.slice(0, start - 1);
  // Triple quotes, or a quote escaped inside a longer string.
  if (
    before.endsWith(quote) ||
    before.endsWith('\\') ||
    text.charAt(end + 1) === quote
  ) {
    return null;
  }
  const prefix = PYTHON_STRING_PREFIX.exec(before);
  if (!prefix) {
    return /\w$/.test(before) ? null : start - 1;
  }
  // Python's r"", b"", f""... are plain strings; Julia's raw"" and others are macros.
  const beforePrefix = before.slice(0, before.length - prefix[0].length);
  if (!python || /\w$/.test(beforePrefix)) {
    return null;
  }
  return start - 1 - prefix[0].length;
}

/** `import os` at the top, after a cell magic line and any `from __future__` imports. */
function withImportOs(source: string): string {
  const magic = /^%%[^\n]*\n/.exec(source)?.[0] ?? '';
  const rest = source.slice(magic.length);
  const future = FUTURE_IMPORTS.exec(rest);
  const head = future && future.index === 0 ? future[0] : '';
  return `${magic}${head}import os\n${rest.slice(head.length)}`;
}
