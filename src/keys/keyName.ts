import { TranslationBundle } from '@jupyterlab/translation';

/** Why a key name would be refused (the account API's rule: 1–64 printable characters), or null. */
export function keyNameProblem(name: string, trans: TranslationBundle): string | null {
  if (name.trim().length === 0) {
    return trans.__('Give the key a name.');
  }
  if ([...name].length > 64) {
    return trans.__('A key name has at most 64 characters.');
  }
  // Python's str.isprintable(), which the service applies: no control, format or
  // separator characters other than the plain space.
  if (/[\p{C}\p{Z}]/u.test(name.replace(/ /g, ''))) {
    return trans.__(
      'A key name can only hold printable characters: no tabs, line breaks or invisible characters.'
    );
  }
  return null;
}
