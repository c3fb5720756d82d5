import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ITranslator } from '@jupyterlab/translation';

import { loadTranslation } from '../shared/translation';
import { IQbraidNotices } from '../tokens';
import { NoticesModel } from './model';
import { followMustSee } from './mustSee';
import { chooseSurface, surfaceContext } from './surface';

export const noticesPlugin: JupyterFrontEndPlugin<IQbraidNotices> = {
  id: 'jupyterlab-qbraid:notices',
  description:
    "Provides the extension's notices: Lab's notifications where active, else its own surfaces.",
  autoStart: true,
  provides: IQbraidNotices,
  optional: [ITranslator],
  activate: (app: JupyterFrontEnd, translator: ITranslator | null): IQbraidNotices => {
    const notices = new NoticesModel({ surface: chooseSurface(surfaceContext(app)) });
    if (notices.surface === 'own') {
      followMustSee(notices, loadTranslation(translator));
    }
    return notices;
  }
};
