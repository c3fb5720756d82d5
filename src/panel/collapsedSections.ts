import type { IStateDB } from '@jupyterlab/statedb';
import { ISignal, Signal } from '@lumino/signaling';

/** Where the panel keeps which sections are closed, beside Lab's layout. */
export const COLLAPSED_STATE_KEY = 'jupyterlab-qbraid:panel-collapsed';

/**
 * Which of the panel's sections are closed, by name, kept in Lab's state database so that
 * a reload opens the panel as it was left. Without the database, it lasts the page.
 */
export class CollapsedSections {
  constructor(state: IStateDB | null) {
    this._state = state;
    this.restored = this._restore();
  }

  /** Resolves once what was saved is known (at once without a database). */
  readonly restored: Promise<void>;

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  isCollapsed(name: string): boolean {
    return this._collapsed.has(name);
  }

  setCollapsed(name: string, collapsed: boolean): void {
    if (collapsed === this.isCollapsed(name)) {
      return;
    }
    this._touched = true;
    if (collapsed) {
      this._collapsed.add(name);
    } else {
      this._collapsed.delete(name);
    }
    this._changed.emit();
    void this._state?.save(COLLAPSED_STATE_KEY, [...this._collapsed].sort());
  }

  private async _restore(): Promise<void> {
    if (!this._state) {
      return;
    }
    let saved: unknown;
    try {
      saved = await this._state.fetch(COLLAPSED_STATE_KEY);
    } catch {
      // A database that cannot be read leaves every section open, as on a first start.
      return;
    }
    if (!Array.isArray(saved)) {
      return;
    }
    const names = saved.filter((name): name is string => typeof name === 'string');
    // A change made before the database answered is newer than what it holds.
    if (!this._touched && names.length > 0) {
      this._collapsed = new Set(names);
      this._changed.emit();
    }
  }

  private readonly _state: IStateDB | null;
  private _collapsed = new Set<string>();
  private _touched = false;
  private readonly _changed = new Signal<this, void>(this);
}
