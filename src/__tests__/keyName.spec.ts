import { nullTranslator } from '@jupyterlab/translation';

import { keyNameProblem as problemIn } from '../keys/keyName';

const trans = nullTranslator.load('jupyterlab_qbraid');
const keyNameProblem = (name: string) => problemIn(name, trans);

const EMPTY = 'Give the key a name.';
const TOO_LONG = 'A key name has at most 64 characters.';
const CONTROL =
  'A key name can only hold printable characters: no tabs, line breaks or invisible characters.';

describe('keyNameProblem', () => {
  it.each(['', ' ', '   ', '\u00a0', '\t', '\n \n'])(
    'asks for a name when given %j',
    name => {
      expect(keyNameProblem(name)).toBe(EMPTY);
    }
  );

  it.each(['Laptop', 'CI runner', 'x', 'team-key_2026.v1', 'Ünïcödé 名前 🔑'])(
    'accepts %j',
    name => {
      expect(keyNameProblem(name)).toBeNull();
    }
  );

  it('accepts 64 characters and refuses 65', () => {
    expect(keyNameProblem('a'.repeat(64))).toBeNull();
    expect(keyNameProblem('a'.repeat(65))).toBe(TOO_LONG);
  });

  it('counts characters, not UTF-16 code units', () => {
    // Each of these is one character but two UTF-16 code units.
    const key = '🔑';
    expect(key.length).toBe(2);

    expect(keyNameProblem(key.repeat(64))).toBeNull();
    expect(keyNameProblem(key.repeat(65))).toBe(TOO_LONG);
    expect(keyNameProblem('a'.repeat(63) + key)).toBeNull();
  });

  it.each([
    ['a tab', 'CI\trunner'],
    ['a newline', 'CI\nrunner'],
    ['a carriage return', 'CI\rrunner'],
    ['a NUL', 'CI\u0000runner'],
    ['an escape', 'CI\u001b[31m'],
    ['DEL', 'CI\u007frunner'],
    ['a C1 control', 'CI\u0085runner'],
    ['a trailing newline', 'Laptop\n']
  ])('refuses %s', (_, name) => {
    expect(keyNameProblem(name)).toBe(CONTROL);
  });

  it.each([
    ['a no-break space', 'my\u00a0key'],
    ['a zero-width space', 'my\u200bkey'],
    ['a line separator', 'my\u2028key'],
    ['a soft hyphen', 'my\u00adkey']
  ])('refuses %s, as the service does', (_, name) => {
    expect(keyNameProblem(name)).toBe(CONTROL);
  });

  it('treats markup and quotes as plain text', () => {
    expect(keyNameProblem('<b>x</b>')).toBeNull();
    expect(keyNameProblem('<script>alert(1)</script>')).toBeNull();
    expect(keyNameProblem('"quoted" & \'single\'')).toBeNull();
  });

  it('checks emptiness before length and control characters', () => {
    expect(keyNameProblem('\t\t')).toBe(EMPTY);
    expect(keyNameProblem('\t'.repeat(65))).toBe(EMPTY);
    expect(keyNameProblem('\u0001'.repeat(65))).toBe(TOO_LONG);
  });
});
