import { Button } from '@jupyterlab/ui-components';
import * as React from 'react';

import { reportKernelChange } from '../kernels/kernelFeedback';
import { KernelList } from '../kernels/KernelList';
import type { ISectionProps } from './sections';

/** "Kernels": the variable, and where the key stands in each running kernel. */
export function KernelsSection(props: ISectionProps): JSX.Element {
  const { kernels, notices, trans, Status } = props;
  const snapshot = kernels.snapshot;
  const prefs = kernels.preferences;
  const changes = [
    {
      label: trans.__('Inject now'),
      minimal: false,
      change: () => kernels.inject(),
      done: trans.__('The key is in the kernels')
    },
    {
      label: trans.__('Remove from kernels'),
      minimal: true,
      change: () => kernels.remove(),
      done: trans.__('The key was removed from the kernels')
    }
  ];
  return (
    <>
      <dl className="jp-qbraid-Facts">
        <dt>{trans.__('Variable')}</dt>
        <dd>
          <code>{prefs.variableName}</code>
        </dd>
        <dt>{trans.__('Automatic')}</dt>
        <dd>{prefs.autoInject ? trans.__('On') : trans.__('Off')}</dd>
      </dl>
      <Status state={snapshot} of="kernels">
        {data => (
          <KernelList
            kernels={data.kernels}
            variable={prefs.variableName}
            trans={trans}
          />
        )}
      </Status>
      <div className="jp-qbraid-Actions">
        {changes.map(({ label, minimal, change, done }) => (
          <Button
            key={label}
            small
            minimal={minimal}
            disabled={kernels.busy}
            onClick={() => void reportKernelChange(change(), done, trans, notices)}
          >
            {label}
          </Button>
        ))}
      </div>
    </>
  );
}
