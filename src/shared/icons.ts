import { LabIcon } from '@jupyterlab/ui-components';

import qbraidSvg from '../../style/icons/qbraid.svg';

export const qbraidIcon = new LabIcon({
  name: 'jupyterlab-qbraid:qbraid',
  svgstr: qbraidSvg
});
