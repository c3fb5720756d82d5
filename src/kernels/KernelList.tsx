import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IKernelKeyInfo, KernelKeyState } from '../api';

export interface IKernelListProps {
  kernels: IKernelKeyInfo[];
  variable: string;
  trans: TranslationBundle;
}

function stateLabel(state: KernelKeyState, trans: TranslationBundle): string {
  const labels: Record<KernelKeyState, string> = {
    current: trans.__('Has the current key'),
    previous: trans.__('Has an old key'),
    not_injected: trans.__('Not injected'),
    not_supported: trans.__('Language not supported'),
    failed: trans.__('Failed')
  };
  return labels[state];
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
