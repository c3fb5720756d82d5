import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IKernelKeyInfo, KernelKeyState } from '../api';

export interface IKernelListProps {
  kernels: IKernelKeyInfo[];
  variable: string;
  trans: TranslationBundle;
}

function stateLabel(state: KernelKeyState, trans: TranslationBundle): string {
  switch (state) {
    case 'current':
      return trans.__('Has the current key');
    case 'previous':
      return trans.__('Has an old key');
    case 'not_injected':
      return trans.__('Not injected');
    case 'not_supported':
      return trans.__('Language not supported');
    case 'failed':
      return trans.__('Failed');
  }
}

/** Each running kernel, named by the notebook or console that uses it. */
export function KernelList(props: IKernelListProps): JSX.Element {
  const { kernels, variable, trans } = props;
  if (kernels.length === 0) {
    return (
      <p className="jp-qbraid-Empty">
        {trans.__('No kernels are running. New ones get %1 when they start.', variable)}
      </p>
    );
  }
  return (
    <ul className="jp-qbraid-KernelList" aria-label={trans.__('Running kernels')}>
      {kernels.map(kernel => {
        const title =
          kernel.sessions.map(session => session.path).join(', ') ||
          trans.__('Kernel %1', kernel.name);
        const label = stateLabel(kernel.state, trans);
        return (
          <li
            key={kernel.id}
            className={`jp-qbraid-KernelRow jp-qbraid-mod-${kernel.state}`}
            aria-label={trans.__('%1: %2', title, label)}
          >
            <div className="jp-qbraid-KeyRow-title">
              <span className="jp-qbraid-KeyRow-name">{title}</span>
              <span className="jp-qbraid-Badge">{kernel.language}</span>
            </div>
            <p className="jp-qbraid-KernelRow-state">
              {label}
              {kernel.reason ? `: ${kernel.reason}` : ''}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
