import { JupyterFrontEnd } from '@jupyterlab/application';
import { ITranslator } from '@jupyterlab/translation';

import { loadTranslation } from '../shared/translation';
import { NoticesModel } from './model';
import { followMustSee } from './mustSee';
import { chooseSurface, surfaceContext } from './surface';

export function create(
  app: JupyterFrontEnd,
  translator: ITranslator | null
): NoticesModel {
  const notices = new NoticesModel({ surface: chooseSurface(surfaceContext(app)) });
  if (notices.surface === 'own') {
    followMustSee(notices, loadTranslation(translator));
  }
  return notices;
}
