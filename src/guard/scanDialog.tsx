import { Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { Button, ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IScanResult, QbraidApiError } from '../api';
import { IQbraidGuard, IQbraidNotices } from '../tokens';
import { formatSeconds } from '../shared/format';

/**
 * "Scan files for qBraid keys": runs the scan and lists what it finds, with fixes. Closing
 * the dialog leaves the scan running; its results are there when it opens again.
 */
export async function showScanDialog(
  guard: IQbraidGuard,
  openFile: (path: string) => void,
  trans: TranslationBundle,
  notices: IQbraidNotices
): Promise<void> {
  void guard.startScan();
  await showDialog({
    title: trans.__('Scan files for qBraid keys'),
    body: new ScanBody(guard, openFile, trans, notices),
    buttons: [Dialog.okButton({ label: trans.__('Close') })]
  });
}

class ScanBody extends ReactWidget {
  constructor(
    private readonly _guard: IQbraidGuard,
    private readonly _openFile: (path: string) => void,
    private readonly _trans: TranslationBundle,
    private readonly _notices: IQbraidNotices
  ) {
    super();
    this.addClass('jp-qbraid-Scan');
  }

  render(): JSX.Element {
    return (
      <UseSignal signal={this._guard.changed}>{() => this._renderScan()}</UseSignal>
    );
  }

  private _renderScan(): JSX.Element {
    const trans = this._trans;
    const { data, error } = this._guard.scan;
    const running = data?.state === 'running';
    return (
      <div>
        {error && (
          <p className="jp-qbraid-SectionError" role="alert">
            {error.message}
          </p>
        )}
        <p className="jp-qbraid-Scan-progress" role="status" aria-live="polite">
          {!data
            ? trans.__('Starting the scan…')
            : running
              ? trans._n(
                  'Scanning… %1 file so far (%2)',
                  'Scanning… %1 files so far (%2)',
                  data.filesScanned,
                  data.currentDir || '/'
                )
              : data.state === 'cancelled'
                ? trans._n(
                    'Scan cancelled after %1 file.',
                    'Scan cancelled after %1 files.',
                    data.filesScanned
                  )
                : trans._n(
                    'Scanned %1 file in %2 s.',
                    'Scanned %1 files in %2 s.',
                    data.filesScanned,
                    formatSeconds(data.elapsedMs / 1000)
                  )}
        </p>
        {data?.truncated && (
          <p className="jp-qbraid-Warning">
            {data.reason === 'time'
              ? trans.__(
                  'The scan stopped at its time limit; some files were not checked.'
                )
              : data.reason === 'files'
                ? trans.__(
                    'The scan stopped at its file limit; some files were not checked.'
                  )
                : trans.__(
                    'The scan stopped on an error; some files were not checked. The server log says which.'
                  )}
          </p>
        )}
        {running && (
          <Button small onClick={() => void this._guard.cancelScan()}>
            {trans.__('Cancel scan')}
          </Button>
        )}
        {data?.state === 'done' && !data.truncated && data.results.length === 0 && (
          <p>{trans.__('No file holds a known qBraid key.')}</p>
        )}
        {data && data.results.length > 0 && (
          <ul
            className="jp-qbraid-ScanResults"
            aria-label={trans.__('Files with a key')}
          >
            {data.results.map(result => this._renderResult(result))}
          </ul>
        )}
        {data && data.skipped.length > 0 && (
          <details>
            <summary>
              {trans._n(
                '%1 file was too large or unreadable',
                '%1 files were too large or unreadable',
                data.skipped.length
              )}
            </summary>
            <ul>
              {data.skipped.map(skipped => (
                <li key={skipped.path}>
                  <code>{skipped.path}</code>: {skipped.reason}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    );
  }

  private _renderResult(result: IScanResult): JSX.Element {
    const trans = this._trans;
    const where = [
      result.outputs ? trans._n('%1 output', '%1 outputs', result.outputs) : '',
      result.sources
        ? result.kind === 'notebook'
          ? trans._n('%1 cell', '%1 cells', result.sources)
          : trans._n('%1 line', '%1 lines', result.sources)
        : '',
      result.other ? trans._n('%1 other place', '%1 other places', result.other) : ''
    ]
      .filter(Boolean)
      .join(', ');
    return (
      <li key={result.path} className="jp-qbraid-ScanResult">
        <button
          className="jp-qbraid-LinkButton"
          onClick={() => this._openFile(result.path)}
          title={trans.__('Open %1', result.path)}
        >
          {result.path}
        </button>
        <span className="jp-qbraid-ScanResult-where">
          {trans.__(
            'key %1 in %2',
            result.hints.map(hint => `…${hint}`).join(', '),
            where
          )}
        </span>
        {result.kind === 'notebook' && result.outputs > 0 && (
          <Button small onClick={() => void this._redact(result.path)}>
            {trans.__('Redact outputs')}
          </Button>
        )}
      </li>
    );
  }

  private async _redact(path: string): Promise<void> {
    const trans = this._trans;
    try {
      const result = await this._guard.redact(path);
      this._notices.success(
        trans._n(
          'Redacted %1 output of %2.',
          'Redacted %1 outputs of %2.',
          result.redactedOutputs,
          path
        ),
        { autoClose: 5000 }
      );
    } catch (error) {
      this._notices.error(
        trans.__(
          '%1 was not redacted: %2',
          path,
          error instanceof QbraidApiError ? error.message : String(error)
        ),
        { autoClose: false }
      );
    }
  }
}
