import { UUID } from '@lumino/coreutils';
import { ISignal, Signal } from '@lumino/signaling';

import {
  INoticeAction,
  INoticeItem,
  INoticeOptions,
  IQbraidNotices,
  NoticeLevel,
  NoticeSurface
} from '../tokens';
import { labNotifications } from './labNotifications';

/** Where Lab's notifications are, what they are asked to do. */
export type LabNotifications = typeof labNotifications;

/**
 * The extension's notices. With Lab's notifications it hands each one to them; without,
 * it keeps the list that the panel's banner, the status item and the must-see dialog
 * draw, and closes a notice itself when its time is up.
 */
export class NoticesModel implements IQbraidNotices {
  constructor(options: NoticesModel.IOptions) {
    this.surface = options.surface;
    this._lab = options.lab ?? labNotifications;
  }

  readonly surface: NoticeSurface;

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get raised(): ISignal<this, INoticeItem> {
    return this._raised;
  }

  get items(): readonly INoticeItem[] {
    return this._items;
  }

  notify(level: NoticeLevel, message: string, options?: INoticeOptions): string {
    if (this.surface === 'lab') {
      return this._lab.notify(level, message, options);
    }
    const item = ownItem(UUID.uuid4(), level, message, options);
    this._items = [item, ...this._items];
    this._closeLater(item.id, options);
    this._changed.emit();
    this._raised.emit(item);
    return item.id;
  }

  info(message: string, options?: INoticeOptions): string {
    return this.notify('info', message, options);
  }

  success(message: string, options?: INoticeOptions): string {
    return this.notify('success', message, options);
  }

  warning(message: string, options?: INoticeOptions): string {
    return this.notify('warning', message, options);
  }

  error(message: string, options?: INoticeOptions): string {
    return this.notify('error', message, options);
  }

  update(
    id: string,
    level: NoticeLevel,
    message: string,
    options?: INoticeOptions
  ): boolean {
    if (this.surface === 'lab') {
      return this._lab.update(id, level, message, options);
    }
    const index = this._items.findIndex(item => item.id === id);
    if (index === -1) {
      return false;
    }
    // The same notice, changed where it is: a ticking countdown does not jump around.
    const items = [...this._items];
    items[index] = ownItem(id, level, message, options);
    this._items = items;
    this._closeLater(id, options);
    this._changed.emit();
    return true;
  }

  dismiss(id: string): void {
    if (this.surface === 'lab') {
      this._lab.dismiss(id);
      return;
    }
    this._clearTimer(id);
    const items = this._items.filter(item => item.id !== id);
    if (items.length !== this._items.length) {
      this._items = items;
      this._changed.emit();
    }
  }

  act(id: string, action: INoticeAction): void {
    this.dismiss(id);
    action.callback();
  }

  dispose(): void {
    for (const timer of this._timers.values()) {
      clearTimeout(timer);
    }
    this._timers.clear();
    Signal.clearData(this);
  }

  /** A notice with a time goes when it is up; one updated counts its time anew. */
  private _closeLater(id: string, options?: INoticeOptions): void {
    this._clearTimer(id);
    const after = options?.autoClose;
    if (typeof after === 'number' && after > 0) {
      this._timers.set(
        id,
        setTimeout(() => this.dismiss(id), after)
      );
    }
  }

  private _clearTimer(id: string): void {
    const timer = this._timers.get(id);
    if (timer !== undefined) {
      clearTimeout(timer);
      this._timers.delete(id);
    }
  }

  private readonly _lab: LabNotifications;
  private _items: readonly INoticeItem[] = [];
  private readonly _timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly _changed = new Signal<this, void>(this);
  private readonly _raised = new Signal<this, INoticeItem>(this);
}

export namespace NoticesModel {
  export interface IOptions {
    surface: NoticeSurface;
    /** Lab's notifications; the real ones unless a test gives others. */
    lab?: LabNotifications;
  }
}

function ownItem(
  id: string,
  level: NoticeLevel,
  message: string,
  options?: INoticeOptions
): INoticeItem {
  return {
    id,
    level,
    message,
    actions: options?.actions ?? [],
    mustSee: options?.mustSee ?? false
  };
}
