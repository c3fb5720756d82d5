import { Dialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { INoticeItem, IQbraidNotices } from '../tokens';

/**
 * A notice as a dialog that only its actions close (no close button, Escape or click
 * outside), while the notice lasts; its text follows the notice's updates (a countdown
 * ticks). When the notice goes (the countdown was cancelled or ran out) the dialog goes.
 */
export async function showMustSeeDialog(
  notices: IQbraidNotices,
  item: INoticeItem,
  trans: TranslationBundle
): Promise<void> {
  const current = () => notices.items.find(notice => notice.id === item.id);
  if (!current()) {
    return;
  }
  const dialog = new Dialog({
    title: trans.__('qBraid'),
    body: new NoticeBody(notices, item),
    buttons: item.actions.map(action =>
      Dialog.warnButton({ label: action.label, caption: action.caption })
    ),
    hasClose: false
  });
  dialog.addClass('jp-qbraid-MustSee');
  const follow = () => {
    if (!current()) {
      dialog.reject();
    }
  };
  notices.changed.connect(follow);
  try {
    const result = await dialog.launch();
    const index = item.actions.findIndex(
      action => action.label === result.button.label
    );
    const notice = current();
    if (notice && index !== -1) {
      notices.act(notice.id, notice.actions[index] ?? item.actions[index]);
    }
  } finally {
    notices.changed.disconnect(follow);
    dialog.dispose();
  }
}

/** The notice's latest text. */
class NoticeBody extends ReactWidget {
  constructor(
    private readonly _notices: IQbraidNotices,
    private readonly _item: INoticeItem
  ) {
    super();
    this.addClass('jp-qbraid-MustSee-body');
    this.node.setAttribute('aria-live', 'polite');
  }

  render(): JSX.Element {
    return (
      <UseSignal signal={this._notices.changed}>
        {() => (
          <p>
            {this._notices.items.find(notice => notice.id === this._item.id)?.message ??
              this._item.message}
          </p>
        )}
      </UseSignal>
    );
  }
}
