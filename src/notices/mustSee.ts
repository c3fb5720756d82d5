import { TranslationBundle } from '@jupyterlab/translation';

import { IQbraidNotices } from '../tokens';

/**
 * Without Lab's notifications, a notice that must not be missed (the idle countdown) also
 * shows as a dialog; the dialog loads with the first one.
 */
export function followMustSee(notices: IQbraidNotices, trans: TranslationBundle): void {
  notices.raised.connect((_, item) => {
    if (item.mustSee) {
      void import('./mustSeeDialog').then(({ showMustSeeDialog }) =>
        showMustSeeDialog(notices, item, trans)
      );
    }
  });
}
