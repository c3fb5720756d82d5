import { TranslationBundle } from '@jupyterlab/translation';

/** The kinds of values the panel's sections load and show. */
export type ValuesShown =
  'account' | 'credits' | 'computeHours' | 'usage' | 'session' | 'keys' | 'kernels';

/** What a section says while its values load, and over values that may be out of date. */
export interface IStatusText {
  loading: string;
  /** `age` is how long ago the values shown were fetched ("5 minutes ago"). */
  stale: (age: string) => string;
}

type Sentence<A extends unknown[]> = (trans: TranslationBundle, ...args: A) => string;

const LOADING: Record<ValuesShown, Sentence<[]>> = {
  account: trans => trans.__('Loading account details…'),
  credits: trans => trans.__('Loading credits…'),
  computeHours: trans => trans.__('Loading compute hours…'),
  usage: trans => trans.__('Loading the last 30 days…'),
  session: trans => trans.__('Loading this session…'),
  keys: trans => trans.__('Loading API keys…'),
  kernels: trans => trans.__('Loading kernels…')
};

const STALE: Record<ValuesShown, Sentence<[age: string]>> = {
  account: (trans, age) =>
    trans.__('Showing account details last updated %1; they may be out of date.', age),
  credits: (trans, age) =>
    trans.__('Showing credits last updated %1; they may be out of date.', age),
  computeHours: (trans, age) =>
    trans.__('Showing compute hours last updated %1; they may be out of date.', age),
  usage: (trans, age) =>
    trans.__(
      'Showing the last 30 days as last updated %1; they may be out of date.',
      age
    ),
  session: (trans, age) =>
    trans.__('Showing this session as last updated %1; it may be out of date.', age),
  keys: (trans, age) =>
    trans.__('Showing API keys last updated %1; they may be out of date.', age),
  kernels: (trans, age) =>
    trans.__('Showing kernels last updated %1; they may be out of date.', age)
};

/** Each kind's sentences are whole, so that a translator sees each as it is read. */
export function statusText(of: ValuesShown, trans: TranslationBundle): IStatusText {
  return { loading: LOADING[of](trans), stale: age => STALE[of](trans, age) };
}
