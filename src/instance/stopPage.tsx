import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IInstanceInfo } from '../api';
import { IQbraidInstance, StopStep } from '../tokens';
import { IRestartPlace, restartPlace } from './restartPlace';

/**
 * Covers Lab once this tab's stop is under way (nothing more should be done in it): each
 * step as it happens, where the instance starts again, then that place.
 */
export class StopPage extends ReactWidget {
  constructor(
    private readonly _instance: IQbraidInstance,
    private readonly _accountUrl: () => string | null,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-qbraid-StopPage');
    this.node.setAttribute('role', 'alertdialog');
    this.node.setAttribute('aria-live', 'assertive');
    this.node.setAttribute('aria-label', _trans.__('qBraid instance'));
  }

  render(): JSX.Element {
    return (
      <UseSignal signal={this._instance.changed}>{() => this._renderPhase()}</UseSignal>
    );
  }

  private _renderPhase(): JSX.Element {
    const trans = this._trans;
    const instance = this._instance;
    const info = instance.info.data;
    const place = restartPlace(info, instance.hubHomeUrl, this._accountUrl());
    const stopped = instance.phase === 'stopped';
    return (
      <div className="jp-qbraid-StopPage-content">
        <h2>
          {stopped
            ? info?.kind === 'standalone'
              ? trans.__('The server is stopped')
              : trans.__('The instance is stopped')
            : trans.__('Stopping…')}
        </h2>
        <ol className="jp-qbraid-StopSteps">
          {stopSteps(info, trans).map(([step, label]) => {
            const state = stepState(step, instance.stopStep, stopped);
            return (
              <li
                key={step}
                className={`jp-qbraid-StopStep jp-mod-${state}`}
                aria-current={state === 'current' ? 'step' : undefined}
              >
                {label}{' '}
                <span className="jp-qbraid-StopStep-state">
                  {state === 'done'
                    ? trans.__('(done)')
                    : state === 'current'
                      ? trans.__('(under way)')
                      : ''}
                </span>
              </li>
            );
          })}
        </ol>
        <RestartLine place={place} stopped={stopped} trans={trans} />
      </div>
    );
  }
}

/** Where it starts again, said from the first moment of the stop. */
function RestartLine(props: {
  place: IRestartPlace | null;
  stopped: boolean;
  trans: TranslationBundle;
}): JSX.Element {
  const { place, stopped, trans } = props;
  if (!place) {
    return (
      <p>
        {stopped
          ? trans.__(
              'You can close this tab. To use JupyterLab again, start it with `jupyter lab`.'
            )
          : trans.__('Start it again afterwards with `jupyter lab`.')}
      </p>
    );
  }
  const text =
    place.where === 'account'
      ? stopped
        ? trans.__('Taking you to the account page, where you can start it again: ')
        : trans.__('Start it again afterwards from the account page: ')
      : stopped
        ? trans.__('Taking you to the hub home page, where you can start it again: ')
        : trans.__('Start it again afterwards from the hub home page: ');
  return (
    <p>
      {text}
      <a href={place.url}>{place.url}</a>
    </p>
  );
}

type StepState = 'done' | 'current' | 'pending';

const ORDER: StopStep[] = ['asking', 'ending', 'confirming'];

function stepState(
  step: StopStep,
  current: StopStep | null,
  stopped: boolean
): StepState {
  if (stopped) {
    return 'done';
  }
  const at = current === null ? -1 : ORDER.indexOf(current);
  const index = ORDER.indexOf(step);
  return index < at ? 'done' : index === at ? 'current' : 'pending';
}

/** The steps of a stop of this kind of Lab, in order. */
function stopSteps(
  info: IInstanceInfo | null,
  trans: TranslationBundle
): [StopStep, string][] {
  if (info?.kind === 'standalone') {
    return [
      ['asking', trans.__('Shut down kernels, terminals and the Jupyter server')]
    ];
  }
  const steps: [StopStep, string][] = [
    [
      'asking',
      info?.kind === 'hub'
        ? trans.__('Ask JupyterHub to stop this server')
        : trans.__('Ask qBraid to stop this server')
    ],
    ['ending', trans.__('Wait for the server to end its kernels and terminals')]
  ];
  if (info?.mode === 'hub') {
    steps.push([
      'confirming',
      trans.__('Wait for the hub to report the server stopped')
    ]);
  }
  return steps;
}
