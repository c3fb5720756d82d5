import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import { IInstanceInfo } from '../api';
import { formatCredits } from '../shared/format';
import { restartPlace } from './restartPlace';
import { saysItKeepsRunning } from './stopFailure';
import { StopPage } from './stopPage';
import { IQbraidInstance, IQbraidNotices } from '../tokens';
import { IUnsavedDocument } from './unsavedDocuments';

/** Stopping the instance as a person does it: confirm, save, stop, then where next. */
export class StopActions {
  constructor(
    private readonly _instance: IQbraidInstance,
    private readonly _unsaved: () => IUnsavedDocument[],
    private readonly _trans: TranslationBundle,
    private readonly _notices: IQbraidNotices,
    /** The account page: where a stopped qBraid instance is started again. */
    private readonly _accountUrl: () => string | null = () => null
  ) {}

  /** The Stop button and command: confirm first, offering to save what is unsaved. */
  async confirmAndStop(): Promise<void> {
    if (this._instance.phase === 'stopping' || this._instance.phase === 'stopped') {
      return;
    }
    const trans = this._trans;
    if (!this._instance.info.data) {
      await this._instance.refresh();
    }
    const info = this._instance.info.data;
    if (info?.kind === 'on-demand' && info.supportsStop === false) {
      // The palette command still reaches here while the panel's button is disabled.
      this._notices.warning(
        trans.__(
          'This on-demand instance cannot be stopped, only terminated, on the account page.'
        ),
        { autoClose: false }
      );
      return;
    }
    const unsaved = this._unsaved();
    const saveAndStop = Dialog.okButton({
      label: trans.__('Save all and stop'),
      ariaLabel: trans.__('Save all documents and stop the instance')
    });
    const stopWithoutSaving = Dialog.warnButton({
      label: unsaved.length ? trans.__('Stop without saving') : trans.__('Stop'),
      ariaLabel: unsaved.length
        ? trans.__('Stop the instance without saving')
        : trans.__('Stop the instance')
    });
    const result = await showDialog({
      title: trans.__('Stop qBraid instance?'),
      body: new StopConfirmation(this._instance.info.data, unsaved, trans),
      buttons: unsaved.length
        ? [Dialog.cancelButton(), stopWithoutSaving, saveAndStop]
        : [Dialog.cancelButton(), stopWithoutSaving],
      // Enter (or a stray key press) never stops the instance, with or without saving.
      defaultButton: 0
    });
    if (result.button.label === saveAndStop.label) {
      await this.stop(unsaved, { by: 'person' });
    } else if (result.button.label === stopWithoutSaving.label) {
      await this.stop([], { by: 'person' });
    }
  }

  private async stop(
    toSave: IUnsavedDocument[],
    reason: Parameters<IQbraidInstance['stop']>[0]
  ): Promise<void> {
    const trans = this._trans;
    for (const document of toSave) {
      try {
        await document.save();
      } catch (error) {
        this._notices.error(
          trans.__(
            '%1 could not be saved (%2), so the instance was not stopped.',
            document.path,
            error instanceof Error ? error.message : String(error)
          ),
          { autoClose: false }
        );
        return;
      }
    }
    const page = new StopPage(this._instance, this._accountUrl, trans);
    Widget.attach(page, document.body);
    try {
      await this._instance.stop(reason);
    } catch (error) {
      page.dispose();
      const reason = error instanceof Error ? error.message : String(error);
      this._notices.error(
        saysItKeepsRunning(reason)
          ? trans.__('The instance was not stopped: %1', reason)
          : trans.__('The instance was not stopped and keeps running: %1', reason),
        { autoClose: false }
      );
      return;
    }
    // The hub has reported the server stopped (or the wait for it ran out): its page
    // offers the start.
    const place = restartPlace(
      this._instance.info.data,
      this._instance.hubHomeUrl,
      this._accountUrl()
    );
    if (place) {
      window.location.assign(place.url);
    }
  }
}

/** The dialog's body: what stopping means here, and the documents not yet saved. */
class StopConfirmation extends ReactWidget {
  constructor(
    private readonly _info: IInstanceInfo | null,
    private readonly _unsaved: IUnsavedDocument[],
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-qbraid-StopConfirmation');
  }

  render(): JSX.Element {
    const trans = this._trans;
    return (
      <>
        <p>{stopMeaning(this._info, trans)}</p>
        {this._info?.kind === 'on-demand' && (
          <p className="jp-qbraid-Warning">
            {this._info.stoppedCreditsPerMin !== null
              ? trans.__(
                  'Its disk is kept and keeps billing storage at %1 credits per minute until you terminate the instance on the account page.',
                  formatCredits(this._info.stoppedCreditsPerMin)
                )
              : trans.__(
                  'Its disk is kept and keeps billing storage until you terminate the instance on the account page.'
                )}
          </p>
        )}
        {this._unsaved.length > 0 && (
          <>
            <p className="jp-qbraid-Warning">
              {trans._n(
                'One document has unsaved changes:',
                '%1 documents have unsaved changes:',
                this._unsaved.length
              )}
            </p>
            <ul className="jp-qbraid-UnsavedList">
              {this._unsaved.map(document => (
                <li key={document.path}>
                  <code>{document.path}</code>
                </li>
              ))}
            </ul>
          </>
        )}
      </>
    );
  }
}

/** What stopping does to this kind of Lab, and where it starts again. */
function stopMeaning(info: IInstanceInfo | null, trans: TranslationBundle): string {
  switch (info?.kind) {
    case 'on-demand':
      return trans.__(
        'qBraid stops this on-demand instance: kernels and terminals end and its running charge stops. Start it again from the account page.'
      );
    case 'subscription':
      return trans.__(
        'qBraid stops your subscription server: kernels and terminals end and your compute hours stop counting. Start it again from the account page.'
      );
    case 'hub':
      return trans.__(
        'JupyterHub stops this Lab server: kernels and terminals end and compute stops being counted. Start it again from the hub home page.'
      );
    default:
      return trans.__(
        'The Jupyter server shuts down: kernels and terminals end. Start it again with `jupyter lab`.'
      );
  }
}
