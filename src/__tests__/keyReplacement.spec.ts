import { canReplace, replaceKeyLiterals } from '../guard/keyReplacement';
import { FAKE_KEY, OTHER_FAKE_KEY } from './fixtures';

const VARIABLE = 'QBRAID_API_KEY';
const PY_READ = 'os.environ["QBRAID_API_KEY"]';

/** The ranges of every occurrence of `key` in `source`, as the server reports them. */
function rangesOf(source: string, ...keys: string[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const key of keys) {
    let from = 0;
    for (;;) {
      const start = source.indexOf(key, from);
      if (start < 0) {
        break;
      }
      ranges.push([start, start + key.length]);
      from = start + key.length;
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

function replace(
  source: string,
  language: string | null = 'python',
  ...keys: string[]
) {
  return replaceKeyLiterals(
    source,
    rangesOf(source, ...(keys.length ? keys : [FAKE_KEY])),
    language,
    VARIABLE
  );
}

describe('canReplace', () => {
  it.each(['python', 'Python', 'PYTHON', 'r', 'R', 'julia', 'Julia'])(
    'can replace in %s',
    language => {
      expect(canReplace(language)).toBe(true);
    }
  );

  it.each([null, '', 'javascript', 'scala', 'python3', 'bash', 'toString'])(
    'cannot replace in %p',
    language => {
      expect(canReplace(language)).toBe(false);
    }
  );
});

describe('replaceKeyLiterals in Python', () => {
  it('replaces a double-quoted key and adds import os', () => {
    const outcome = replace(`api_key = "${FAKE_KEY}"\nprint(api_key)`);

    expect(outcome).toEqual({
      source: `import os\napi_key = ${PY_READ}\nprint(api_key)`,
      replaced: 1,
      left: 0
    });
  });

  it('replaces a single-quoted key', () => {
    const outcome = replace(`client = Client(api_key='${FAKE_KEY}')`);

    expect(outcome.source).toBe(`import os\nclient = Client(api_key=${PY_READ})`);
    expect(outcome.replaced).toBe(1);
    expect(outcome.left).toBe(0);
  });

  it('uses the variable it is given', () => {
    const outcome = replaceKeyLiterals(
      `k = "${FAKE_KEY}"`,
      rangesOf(`k = "${FAKE_KEY}"`, FAKE_KEY),
      'python',
      'MY_QBRAID_KEY'
    );

    expect(outcome.source).toBe('import os\nk = os.environ["MY_QBRAID_KEY"]');
  });

  it('replaces every key of a cell, keeping the code around each in place', () => {
    const source = [
      `a = "${FAKE_KEY}"`,
      `b = '${OTHER_FAKE_KEY}'`,
      `c = {"key": "${FAKE_KEY}", "n": 1}`
    ].join('\n');

    const outcome = replace(source, 'python', FAKE_KEY, OTHER_FAKE_KEY);

    expect(outcome).toEqual({
      source: [
        'import os',
        `a = ${PY_READ}`,
        `b = ${PY_READ}`,
        `c = {"key": ${PY_READ}, "n": 1}`
      ].join('\n'),
      replaced: 3,
      left: 0
    });
  });

  it('gives the same result whatever the order of the ranges', () => {
    const source = `x = "${FAKE_KEY}"; y = '${OTHER_FAKE_KEY}'; z = "${FAKE_KEY}"`;
    const ranges = rangesOf(source, FAKE_KEY, OTHER_FAKE_KEY);

    const ascending = replaceKeyLiterals(source, ranges, 'python', VARIABLE);
    const shuffled = replaceKeyLiterals(
      source,
      [ranges[1], ranges[2], ranges[0]],
      'python',
      VARIABLE
    );

    expect(ascending.source).toBe(
      `import os\nx = ${PY_READ}; y = ${PY_READ}; z = ${PY_READ}`
    );
    expect(shuffled).toEqual(ascending);
  });

  it('does not change the ranges it was given', () => {
    const source = `x = "${FAKE_KEY}"; y = "${OTHER_FAKE_KEY}"`;
    const ranges = rangesOf(source, FAKE_KEY, OTHER_FAKE_KEY);
    const copy = ranges.map(range => [...range]);

    replaceKeyLiterals(source, ranges, 'python', VARIABLE);

    expect(ranges).toEqual(copy);
  });

  it.each([
    'r',
    'R',
    'b',
    'B',
    'f',
    'F',
    'u',
    'U',
    'rb',
    'Rb',
    'br',
    'BR',
    'fr',
    'rf',
    'Fr'
  ])('replaces the string prefix %s with the literal', prefix => {
    const outcome = replace(`k = ${prefix}"${FAKE_KEY}"`);

    expect(outcome.source).toBe(`import os\nk = ${PY_READ}`);
    expect(outcome.replaced).toBe(1);
  });

  it('takes a prefix right after an opening bracket or operator', () => {
    const outcome = replace(`f(r'${FAKE_KEY}'),[b"${FAKE_KEY}"]`);

    expect(outcome.source).toBe(`import os\nf(${PY_READ}),[${PY_READ}]`);
  });

  it('leaves a literal glued to a name alone: that is not valid Python to rewrite', () => {
    // Not valid Python, but nothing before the literal may be eaten.
    const outcome = replace(`xf"${FAKE_KEY}"`);

    expect(outcome).toEqual({ source: `xf"${FAKE_KEY}"`, replaced: 0, left: 1 });
  });

  it('does not add import os when the cell has it', () => {
    const outcome = replace(`import os\nk = "${FAKE_KEY}"`);

    expect(outcome.source).toBe(`import os\nk = ${PY_READ}`);
  });

  it.each([
    'import os, sys',
    'import sys, os',
    'import json,os',
    'import os.path',
    '  import os  # indented',
    'import numpy as np\nimport os'
  ])('does not add import os after %j', imports => {
    const outcome = replace(`${imports}\nk = "${FAKE_KEY}"`);

    expect(outcome.source).toBe(`${imports}\nk = ${PY_READ}`);
  });

  it.each([
    ['a module named like it', 'import osmosis'],
    ['a name from os only', 'from os import environ'],
    ['a comment', '# import os']
  ])('adds import os when the cell only has %s', (_, line) => {
    const outcome = replace(`${line}\nk = "${FAKE_KEY}"`);

    expect(outcome.source).toBe(`import os\n${line}\nk = ${PY_READ}`);
  });

  it('adds import os only once for several keys', () => {
    const outcome = replace(`a = "${FAKE_KEY}"\nb = "${FAKE_KEY}"`);

    expect(outcome.source).toBe(`import os\na = ${PY_READ}\nb = ${PY_READ}`);
    expect(outcome.source.match(/import os/g)).toHaveLength(1);
  });

  it('puts import os after a cell magic on the first line', () => {
    const outcome = replace(`%%time\nk = "${FAKE_KEY}"\nrun(k)`);

    expect(outcome.source).toBe(`%%time\nimport os\nk = ${PY_READ}\nrun(k)`);
  });

  it('puts import os first when a line magic, not a cell magic, opens the cell', () => {
    const outcome = replace(`%matplotlib inline\nk = "${FAKE_KEY}"`);

    expect(outcome.source).toBe(`import os\n%matplotlib inline\nk = ${PY_READ}`);
  });

  it('does not add import os when nothing was replaced', () => {
    const source = `headers = {"Authorization": "Bearer ${FAKE_KEY}"}`;

    const outcome = replace(source);

    expect(outcome).toEqual({ source, replaced: 0, left: 1 });
  });

  it('leaves a key inside a longer string, counting it', () => {
    const source = `headers = {"Authorization": "Bearer ${FAKE_KEY}"}`;

    expect(replace(source)).toEqual({ source, replaced: 0, left: 1 });
  });

  it.each([
    ['unquoted', `k = ${FAKE_KEY}`],
    ['in a comment', `# my key: ${FAKE_KEY}`],
    ['followed by more text', `k = "${FAKE_KEY}-suffix"`],
    ['after more text', `k = "prefix${FAKE_KEY}"`],
    ['in mismatched quotes', `k = "${FAKE_KEY}'`],
    ['in an f-string with more', `k = f"{x}${FAKE_KEY}"`],
    ['at the very start', `${FAKE_KEY}"`],
    ['at the very end', `"${FAKE_KEY}`]
  ])('leaves a key %s, counting it', (_, source) => {
    expect(replace(source)).toEqual({ source, replaced: 0, left: 1 });
  });

  it('replaces the exact literals and counts the rest in one cell', () => {
    const source = [
      `k = "${FAKE_KEY}"`,
      `h = {"Authorization": "Bearer ${FAKE_KEY}"}`,
      `# was '${FAKE_KEY}'`,
      `o = '${OTHER_FAKE_KEY}'`
    ].join('\n');

    const outcome = replace(source, 'python', FAKE_KEY, OTHER_FAKE_KEY);

    expect(outcome.replaced).toBe(3);
    expect(outcome.left).toBe(1);
    expect(outcome.source).toBe(
      [
        'import os',
        `k = ${PY_READ}`,
        `h = {"Authorization": "Bearer ${FAKE_KEY}"}`,
        // Quoted exactly, even in a comment: the reader is harmless there.
        `# was ${PY_READ}`,
        `o = ${PY_READ}`
      ].join('\n')
    );
  });

  it('handles characters outside the BMP before the key (UTF-16 offsets)', () => {
    const source = `# 🔑🔑\nk = "${FAKE_KEY}"  # ü`;

    const outcome = replace(source);

    expect(outcome.source).toBe(`import os\n# 🔑🔑\nk = ${PY_READ}  # ü`);
  });

  it('leaves the source as it is for no ranges', () => {
    const source = `k = "${FAKE_KEY}"`;

    expect(replaceKeyLiterals(source, [], 'python', VARIABLE)).toEqual({
      source,
      replaced: 0,
      left: 0
    });
  });
});

describe('replaceKeyLiterals in R and Julia', () => {
  it('reads the variable with Sys.getenv in R, without any import', () => {
    const source = `key <- "${FAKE_KEY}"\nother <- '${OTHER_FAKE_KEY}'`;

    const outcome = replace(source, 'R', FAKE_KEY, OTHER_FAKE_KEY);

    expect(outcome).toEqual({
      source:
        'key <- Sys.getenv("QBRAID_API_KEY")\nother <- Sys.getenv("QBRAID_API_KEY")',
      replaced: 2,
      left: 0
    });
  });

  it('leaves a literal glued to a name alone in R', () => {
    // Only Python has string prefixes: `paste0(b"…")` is not R, but `b` must stay.
    const outcome = replace(`f(b"${FAKE_KEY}")`, 'r');

    expect(outcome).toEqual({ source: `f(b"${FAKE_KEY}")`, replaced: 0, left: 1 });
  });

  it('reads the variable with ENV in Julia, without any import', () => {
    const source = `%%time\nkey = "${FAKE_KEY}"`;

    const outcome = replace(source, 'julia');

    expect(outcome).toEqual({
      source: '%%time\nkey = ENV["QBRAID_API_KEY"]',
      replaced: 1,
      left: 0
    });
  });

  it('leaves a key inside a longer string in R', () => {
    const source = `h <- paste0("Bearer ${FAKE_KEY}")`;

    expect(replace(source, 'r')).toEqual({ source, replaced: 0, left: 1 });
  });
});

describe('replaceKeyLiterals in other languages', () => {
  it.each([null, 'javascript', 'scala', ''])(
    'replaces nothing in %p and counts every key as left',
    language => {
      const source = `k = "${FAKE_KEY}"; j = '${OTHER_FAKE_KEY}'`;

      const outcome = replace(source, language, FAKE_KEY, OTHER_FAKE_KEY);

      expect(outcome).toEqual({ source, replaced: 0, left: 2 });
    }
  );
});

describe('replaceKeyLiterals leaves what it cannot rewrite safely', () => {
  it.each([
    ['triple double quotes', `k = """${FAKE_KEY}"""`, 'python'],
    ['triple single quotes', `k = '''${FAKE_KEY}'''`, 'python'],
    ['an escaped quote before the key', `k = "abc\\"${FAKE_KEY}"`, 'python'],
    ['a Julia string macro', `k = raw"${FAKE_KEY}"`, 'julia'],
    ['a bash cell', `%%bash\necho "${FAKE_KEY}"`, 'python'],
    ['a writefile cell', `%%writefile x.py\nk = "${FAKE_KEY}"`, 'python']
  ])('%s', (_, source, language) => {
    expect(replace(source, language)).toEqual({ source, replaced: 0, left: 1 });
  });

  it('keeps a Python cell magic first and replaces under it', () => {
    const outcome = replace(`%%time\nk = "${FAKE_KEY}"`);

    expect(outcome.source).toBe(`%%time\nimport os\nk = ${PY_READ}`);
  });

  it('puts import os after from __future__ imports', () => {
    const outcome = replace(`from __future__ import annotations\nk = "${FAKE_KEY}"`);

    expect(outcome.source).toBe(
      `from __future__ import annotations\nimport os\nk = ${PY_READ}`
    );
  });

  it('adds import os when os was imported under another name', () => {
    const outcome = replace(`import os as o\nk = "${FAKE_KEY}"`);

    expect(outcome.source).toBe(`import os\nimport os as o\nk = ${PY_READ}`);
  });

  it.each(['constructor', '__proto__', 'toString'])(
    'knows no language named %s',
    language => {
      expect(canReplace(language)).toBe(false);
      expect(replace(`k = "${FAKE_KEY}"`, language).replaced).toBe(0);
    }
  );
});
