import { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { IKernelKeyInfo, KernelKeyState } from '../api';
import { kernelPaths, kernelTitle } from './kernelTitle';

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

/**
 * What a kernel that Lab could not change still holds: kernels of other languages keep
 * what they were started with, and a failed change leaves the old value in place.
 */
function heldLabel(kernel: IKernelKeyInfo, trans: TranslationBundle): string | null {
  if (kernel.state !== 'not_supported' && kernel.state !== 'failed') {
    return null;
  }
  if (kernel.holds === 'current') {
    return trans.__('Still holds the key');
  }
  return kernel.holds === 'previous' ? trans.__('Still holds an old key') : null;
}

/** Each running kernel, named as the tabs of the notebooks and consoles that use it. */
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
        const title = kernelTitle(kernel, trans);
        const paths = kernelPaths(kernel);
        const label = stateLabel(kernel.state, trans);
        const held = heldLabel(kernel, trans);
        return (
          <li
            key={kernel.id}
            className={`jp-qbraid-KernelRow jp-qbraid-mod-${kernel.state}${held ? ' jp-qbraid-mod-holdsKey' : ''}`}
            aria-label={
              held
                ? trans.__('%1: %2; %3', title, label, held)
                : trans.__('%1: %2', title, label)
            }
          >
            <div className="jp-qbraid-KeyRow-title">
              {/* Cut to the sidebar's width: the tooltip has it whole, with its files. */}
              <span
                className="jp-qbraid-KeyRow-name jp-qbraid-mod-truncate"
                title={paths ? trans.__('%1 (%2)', title, paths) : title}
              >
                {title}
              </span>
              <span className="jp-qbraid-Badge">{kernel.language}</span>
              {held && (
                <span className="jp-qbraid-Badge jp-qbraid-mod-holdsKey">{held}</span>
              )}
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
