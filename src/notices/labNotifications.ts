import { Notification } from '@jupyterlab/apputils';

import { INoticeOptions, NoticeLevel } from '../tokens';

/** The one place that calls Lab's notifications: the notices where its plugin is active. */
export const labNotifications = {
  notify(level: NoticeLevel, message: string, options?: INoticeOptions): string {
    // Lab's defaults (a silent notice in the center) where no options are given.
    return options === undefined
      ? Notification[level](message)
      : Notification[level](message, labOptions(options));
  },

  update(
    id: string,
    level: NoticeLevel,
    message: string,
    options: INoticeOptions = {}
  ): boolean {
    return Notification.update({ id, message, type: level, ...labOptions(options) });
  },

  dismiss(id: string): void {
    Notification.dismiss(id);
  }
};

/** Lab's options from ours: all but `mustSee`, which Lab's toasts have no use for. */
function labOptions(options: INoticeOptions): Notification.IOptions<never> {
  const lab: Notification.IOptions<never> = {};
  if (options.autoClose !== undefined) {
    lab.autoClose = options.autoClose;
  }
  if (options.actions !== undefined) {
    lab.actions = options.actions;
  }
  return lab;
}
