import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import * as React from 'react';

import { describeError, SummaryPart } from '../api';
import { NextStopSoon } from '../instance/NextStopSoon';
import { formatCredits, formatHours } from '../shared/format';
import { qbraidIcon } from '../shared/icons';
import {
  INoticeItem,
  IQbraidAccount,
  IQbraidInstance,
  IQbraidKeys,
  IQbraidNotices,
  IRotationReminder,
  NoticeLevel
} from '../tokens';

const VIEW_ID = 'jp-qbraid-status';
/** What the status bar shows, all it asks for. */
const PARTS: SummaryPart[] = ['credits', 'compute'];

/**
 * Credits and compute hours left in the status bar; a click opens the panel. With the
 * instance, it also shows the time to the next automatic stop once that is near. With the keys,
 * its tooltip also reminds to rotate an old key; with notices in the extension's own
 * surfaces (Lab's notifications disabled), it counts them and its tooltip gives the newest.
 */
export class QbraidStatusItem extends ReactWidget {
  constructor(
    private readonly _account: IQbraidAccount,
    private readonly _bundle: TranslationBundle,
    private readonly _open: () => void,
    private readonly _keys: IQbraidKeys | null = null,
    private readonly _notices: IQbraidNotices | null = null,
    private readonly _instance: IQbraidInstance | null = null
  ) {
    super();
    this.addClass('jp-qbraid-StatusItem');
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this._account.setViewVisible(VIEW_ID, true, PARTS);
  }

  protected onBeforeDetach(msg: Message): void {
    this._account.setViewVisible(VIEW_ID, false);
    super.onBeforeDetach(msg);
  }

  render(): JSX.Element {
    const text = () => (
      <StatusText
        account={this._account}
        reminder={this._keys?.rotationReminder ?? null}
        notices={this._notices?.items ?? []}
        nextStopAt={
          this._instance?.nextStopAt ? new Date(this._instance.nextStopAt) : null
        }
        bundle={this._bundle}
        open={this._open}
      />
    );
    const withStop = () =>
      this._instance ? (
        <UseSignal signal={this._instance.nextStopChanged}>{text}</UseSignal>
      ) : (
        text()
      );
    const withNotices = () =>
      this._notices ? (
        <UseSignal signal={this._notices.changed}>{withStop}</UseSignal>
      ) : (
        withStop()
      );
    return (
      <UseSignal signal={this._account.changed}>
        {() =>
          this._keys ? (
            <UseSignal signal={this._keys.changed}>{withNotices}</UseSignal>
          ) : (
            withNotices()
          )
        }
      </UseSignal>
    );
  }
}

/** The most pressing level among the notices, for the status item's mark. */
function topLevel(notices: readonly INoticeItem[]): NoticeLevel {
  const order: NoticeLevel[] = ['error', 'warning', 'info', 'success'];
  return order.find(level => notices.some(notice => notice.level === level)) ?? 'info';
}

function StatusText(props: {
  account: IQbraidAccount;
  reminder: IRotationReminder | null;
  notices: readonly INoticeItem[];
  /** The next automatic stop; null when none. */
  nextStopAt: Date | null;
  bundle: TranslationBundle;
  open: () => void;
}): JSX.Element {
  const { account, reminder, notices, nextStopAt, bundle, open } = props;
  const credits = account.credits.data;
  const hours = account.compute.data;
  const lowCredits = account.isLowOnCredits;
  const lowHours = account.isLowOnHours;
  const staleCredits = credits !== null && account.credits.error !== null;
  const staleHours = hours !== null && account.compute.error !== null;
  const stale = staleCredits || staleHours;
  const staleError = staleCredits
    ? account.credits.error
    : staleHours
      ? account.compute.error
      : null;
  const title = [
    bundle.__('qBraid account: click to open the panel'),
    hours
      ? bundle.__(
          'Compute hours: %1 of %2 left this month',
          formatHours(hours.remaining),
          formatHours(hours.total)
        )
      : '',
    lowCredits ? bundle.__('Low on credits') : '',
    lowHours ? bundle.__('Low on compute hours') : '',
    stale && staleError
      ? bundle.__('Last refresh failed: %1', describeError(staleError))
      : '',
    reminder
      ? bundle._n(
          'The API key Lab uses (…%2) is %1 day old: rotate it from the qBraid panel.',
          'The API key Lab uses (…%2) is %1 days old: rotate it from the qBraid panel.',
          reminder.ageDays,
          reminder.hint
        )
      : '',
    notices.length > 0
      ? bundle._n(
          '%1 qBraid notice in the panel; the newest: %2',
          '%1 qBraid notices in the panel; the newest: %2',
          notices.length,
          notices[0].message
        )
      : ''
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <button
      className={`jp-qbraid-StatusItem-button${stale ? ' jp-qbraid-mod-stale' : ''}`}
      // Its name is the text it shows (a name without that text fails WCAG's label in
      // name); the title, its description, says the rest.
      title={title}
      onClick={open}
    >
      <qbraidIcon.react tag="span" className="jp-qbraid-StatusItem-icon" />
      {notices.length > 0 && (
        <span
          className={`jp-qbraid-StatusItem-notices jp-qbraid-mod-${topLevel(notices)}`}
        >
          {bundle._n('%1 notice', '%1 notices', notices.length)}
        </span>
      )}
      {account.configured === false ? (
        <span>{bundle.__('qBraid: no key')}</span>
      ) : credits === null && hours === null ? (
        <span>{bundle.__('qBraid')}</span>
      ) : (
        <>
          {credits && (
            <span
              className={`jp-qbraid-StatusItem-credits${lowCredits ? ' jp-qbraid-mod-warning' : ''}`}
            >
              {bundle._n(
                '%2 credit',
                '%2 credits',
                credits.qbraidCredits,
                formatCredits(credits.qbraidCredits)
              )}
            </span>
          )}
          {hours && (
            <span
              className={`jp-qbraid-StatusItem-hours${lowHours ? ' jp-qbraid-mod-warning' : ''}`}
            >
              {bundle.__('%1 h left', formatHours(hours.remaining))}
            </span>
          )}
        </>
      )}
      <NextStopSoon at={nextStopAt} trans={bundle} />
    </button>
  );
}
