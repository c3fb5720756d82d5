import { TranslationBundle } from '@jupyterlab/translation';
import { Button, closeIcon } from '@jupyterlab/ui-components';
import * as React from 'react';

import { INoticeAction, INoticeItem } from '../tokens';

export interface INoticeBannerProps {
  items: readonly INoticeItem[];
  onAct: (id: string, action: INoticeAction) => void;
  onDismiss: (id: string) => void;
  trans: TranslationBundle;
}

/** The notices at the top of the panel, each with its actions, where Lab shows none. */
export function NoticeBanner(props: INoticeBannerProps): JSX.Element | null {
  const { items, onAct, onDismiss, trans } = props;
  if (items.length === 0) {
    return null;
  }
  return (
    <ul
      className="jp-qbraid-NoticeBanner"
      aria-label={trans.__('qBraid notices')}
      aria-live="polite"
    >
      {items.map(item => (
        <li
          key={item.id}
          className={`jp-qbraid-Notice jp-qbraid-mod-${item.level}`}
          role={item.level === 'error' ? 'alert' : undefined}
        >
          <p className="jp-qbraid-Notice-message">{item.message}</p>
          <div className="jp-qbraid-Notice-actions">
            {item.actions.map(action => (
              <Button
                key={action.label}
                small
                title={action.caption}
                onClick={() => onAct(item.id, action)}
              >
                {action.label}
              </Button>
            ))}
            <button
              className="jp-qbraid-Notice-dismiss"
              aria-label={trans.__('Dismiss')}
              title={trans.__('Dismiss')}
              onClick={() => onDismiss(item.id)}
            >
              <closeIcon.react tag="span" />
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}
