import * as React from 'react';

import { INotice } from '../api';

/** Things the person should know about their setup, e.g. a corrupt qbraidrc. */
export function Notices(props: { notices: INotice[] }): JSX.Element | null {
  if (props.notices.length === 0) {
    return null;
  }
  return (
    <ul className="jp-qbraid-Notices">
      {props.notices.map(notice => (
        <li key={notice.message} className="jp-qbraid-Warning">
          {notice.message}
        </li>
      ))}
    </ul>
  );
}
