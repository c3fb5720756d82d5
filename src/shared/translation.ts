import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';

/** The extension's strings, in the person's language where Lab has a translator. */
export function loadTranslation(translator: ITranslator | null): TranslationBundle {
  return (translator ?? nullTranslator).load('jupyterlab_qbraid');
}
