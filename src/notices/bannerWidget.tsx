import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IQbraidNotices } from '../tokens';
import { NoticeBanner } from './NoticeBanner';

/** The banner as a widget for the panel's header, redrawn as the notices change. */
export class NoticeBannerWidget extends ReactWidget {
  constructor(
    private readonly _notices: IQbraidNotices,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-qbraid-NoticeBannerWidget');
  }

  render(): JSX.Element {
    const notices = this._notices;
    return (
      <UseSignal signal={notices.changed}>
        {() => (
          <NoticeBanner
            items={notices.items}
            onAct={(id, action) => notices.act(id, action)}
            onDismiss={id => notices.dismiss(id)}
            trans={this._trans}
          />
        )}
      </UseSignal>
    );
  }
}
