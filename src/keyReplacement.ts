/** How each kernel language reads an environment variable. */
const READERS: Record<string, (variable: string) => string> = {
  python: variable => `os.environ["${variable}"]`,
  r: variable => `Sys.getenv("${variable}")`,
  julia: variable => `ENV["${variable}"]`
};

const PYTHON_IMPORTS_OS = /^\s*import\s+(?:[\w.]+\s*,\s*)*os\b/m;
const PYTHON_STRING_PREFIX = /[rRuUbBfF]{1,2}$/;

export interface IReplacement {
  source: string;
  /** Literals replaced with the variable. */
  replaced: number;
  /** Occurrences left: inside a longer string or a comment, where no expression fits. */
  left: number;
}

/** Whether code in this language can read the variable in place of the literal. */
export function canReplace(language: string | null): boolean {
  return language !== null && language.toLowerCase() in READERS;
}

/**
 * Replace each string literal that is exactly a key (the ranges are the key's, in UTF-16
 * offsets) with the language's way to read `variable`; Python gets `import os` when the
 * cell has none.
 */
export function replaceKeyLiterals(
  source: string,
  ranges: [number, number][],
  language: string | null,
  variable: string
): IReplacement {
  const reader = language ? READERS[language.toLowerCase()] : undefined;
  if (!reader) {
    return { source, replaced: 0, left: ranges.length };
  }
  const python = language!.toLowerCase() === 'python';
  let result = source;
  let replaced = 0;
  let left = 0;
  // From the end, so that earlier offsets stay valid.
  for (const [start, end] of [...ranges].sort((a, b) => b[0] - a[0])) {
    const quote = result.charAt(start - 1);
    if ((quote !== '"' && quote !== "'") || result.charAt(end) !== quote) {
      left++;
      continue;
    }
    let literalStart = start - 1;
    const prefix = python
      ? PYTHON_STRING_PREFIX.exec(result.slice(0, literalStart))
      : null;
    if (prefix && !/\w/.test(result.charAt(literalStart - prefix[0].length - 1))) {
      literalStart -= prefix[0].length;
    }
    result = result.slice(0, literalStart) + reader(variable) + result.slice(end + 1);
    replaced++;
  }
  if (python && replaced > 0 && !PYTHON_IMPORTS_OS.test(result)) {
    // A cell magic must stay on the first line.
    const magic = /^%%[^\n]*\n/.exec(result)?.[0] ?? '';
    result = `${magic}import os\n${result.slice(magic.length)}`;
  }
  return { source: result, replaced, left };
}
