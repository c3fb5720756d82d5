import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import * as React from 'react';

import { formatCredits } from '../format';
import { qbraidIcon } from '../icons';
import { IQbraidAccount } from '../tokens';

const VIEW_ID = 'jp-qbraid-status';

/** Credits in the status bar; a click opens the panel. */
export class QbraidStatusItem extends ReactWidget {
  constructor(
    private readonly _account: IQbraidAccount,
    private readonly _bundle: TranslationBundle,
    private readonly _open: () => void
  ) {
    super();
    this.addClass('jp-qbraid-StatusItem');
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this._account.setViewVisible(VIEW_ID, true);
  }

  protected onBeforeDetach(msg: Message): void {
    this._account.setViewVisible(VIEW_ID, false);
    super.onBeforeDetach(msg);
  }

  render(): JSX.Element {
    return (
      <UseSignal signal={this._account.changed}>
        {() => <StatusText account={this._account} bundle={this._bundle} open={this._open} />}
      </UseSignal>
    );
  }
}

function StatusText(props: {
  account: IQbraidAccount;
  bundle: TranslationBundle;
  open: () => void;
}): JSX.Element {
  const { account, bundle, open } = props;
  const credits = account.credits.data;
  let text: string;
  if (account.configured === false) {
    text = bundle.__('qBraid: no key');
  } else if (credits) {
    text = bundle.__('%1 credits', formatCredits(credits.qbraidCredits));
  } else {
    text = bundle.__('qBraid');
  }
  const low = account.isLowOnCredits;
  const stale = credits !== null && account.credits.error !== null;
  const title = [
    bundle.__('qBraid account: click to open the panel'),
    low ? bundle.__('Low on credits') : '',
    stale ? bundle.__('Last refresh failed: %1', account.credits.error!.message) : ''
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <button
      className={`jp-qbraid-StatusItem-button${low ? ' jp-qbraid-mod-warning' : ''}${stale ? ' jp-qbraid-mod-stale' : ''}`}
      title={title}
      aria-label={title}
      onClick={open}
    >
      <qbraidIcon.react tag="span" className="jp-qbraid-StatusItem-icon" />
      <span>{text}</span>
    </button>
  );
}
