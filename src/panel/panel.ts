import { TranslationBundle } from '@jupyterlab/translation';
import { SidePanel } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { Panel, Widget } from '@lumino/widgets';

import { qbraidIcon } from '../shared/icons';
import { loadWithStyle } from '../shared/loadWithStyle';
import type { IPanelOptions, ISections } from './sections';
import { PANEL_ID } from '../tokens';

/**
 * The qBraid sidebar: an empty shell until first shown, then its sections. Its header (the
 * title, the notices, the overview) stays in sight; below it the sections sit at their
 * natural height in one column that scrolls as a whole, not in an accordion that would
 * share the height out and make each section scroll on its own.
 */
export class QbraidPanel extends SidePanel {
  /**
   * The panel starts with Lab, so that its tab is there and Lab reopens it as it was left;
   * what it shows and acts on (`options`) comes once Lab has restored its layout.
   */
  constructor(trans: TranslationBundle, options: Promise<IPanelOptions>) {
    super({ content: new Panel() });
    this.content.addClass('jp-qbraid-PanelContent');
    this.id = PANEL_ID;
    this.addClass('jp-qbraid-Panel');
    this.title.icon = qbraidIcon;
    this.title.caption = trans.__('qBraid');
    const heading = new Widget({ node: document.createElement('h2') });
    heading.node.textContent = trans.__('qBraid');
    heading.addClass('jp-qbraid-PanelTitle');
    this.header.addWidget(heading);
    this.node.setAttribute('aria-label', trans.__('qBraid account panel'));
    this.node.setAttribute('role', 'region');
    this._connected = options.then(connected => {
      if (!this.isDisposed) {
        this._connect(connected);
      }
    });
  }

  /** Resolves once the panel has what it shows, and its sections if it was shown. */
  get ready(): Promise<void> {
    return this._connected.then(() => this._sectionsLoaded ?? undefined);
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._setShown(true);
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this._setShown(false);
  }

  protected onBeforeDetach(msg: Message): void {
    this._setShown(false);
    super.onBeforeDetach(msg);
  }

  private _connect(options: IPanelOptions): void {
    this._options = options;
    if (options.notices.surface === 'own') {
      // Lab's notifications are off: the notices show here, above every section. Where
      // they are on, Lab's start carries none of it.
      void loadWithStyle(import('../notices/bannerWidget')).then(
        ({ NoticeBannerWidget }) => {
          if (!this.isDisposed) {
            // Right under the title, above the overview if that came first.
            this.header.insertWidget(
              1,
              new NoticeBannerWidget(options.notices, options.trans)
            );
          }
        }
      );
    }
    if (this.isVisible) {
      this._setShown(true);
    }
  }

  /** The models refresh what the panel shows only while it is on screen. */
  private _setShown(shown: boolean): void {
    if (!this._options) {
      return;
    }
    if (shown) {
      this._loadSections(this._options);
    }
    this._options.account.setViewVisible(PANEL_ID, shown);
    this._options.kernels.setVisible(shown);
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._options?.account.changed.disconnect(this._showSectionsForState, this);
    const sections = this._sections;
    super.dispose();
    // The set that is off the panel is not disposed with it.
    this._options?.instance.changed.disconnect(this._showSectionsForState, this);
    for (const section of [
      ...(sections?.notConfigured ?? []),
      ...(sections?.configured ?? []),
      ...(sections?.serverMissing ?? []),
      ...(sections?.stopped ?? []),
      // Off the header when the panel went before the sections were restored.
      ...(sections ? [sections.overview] : [])
    ]) {
      section.dispose();
    }
  }

  private _loadSections(options: IPanelOptions): void {
    if (this._sectionsLoaded) {
      return;
    }
    this._sectionsLoaded = loadWithStyle(import('./sections')).then(
      ({ createSections }) => {
        const sections = createSections(options);
        this._sections = sections;
        // Shown once opened or closed as they were left, so that nothing jumps.
        return sections.restored.then(() => {
          if (this.isDisposed) {
            return;
          }
          this.header.addWidget(sections.overview);
          options.account.changed.connect(this._showSectionsForState, this);
          options.instance.changed.connect(this._showSectionsForState, this);
          this._showSectionsForState();
        });
      }
    );
  }

  /**
   * Only the sections that make sense: one message once the instance is stopped from
   * elsewhere (no section then shows the failures of a server stopped on purpose), one
   * without our server part, "Get started" without a key, the rest with one.
   */
  private _showSectionsForState(): void {
    const options = this._options;
    if (!this._sections || !options) {
      return;
    }
    const cause = options.instance.stopCause;
    const wanted =
      cause && cause.by !== 'this-tab'
        ? this._sections.stopped
        : options.account.serverMissing
          ? this._sections.serverMissing
          : options.account.configured === false
            ? this._sections.notConfigured
            : this._sections.configured;
    this._sections.overview.setHidden(wanted !== this._sections.configured);
    const current = this.widgets;
    if (
      current.length === wanted.length &&
      current.every((widget, index) => widget === wanted[index])
    ) {
      return;
    }
    for (const widget of [...current]) {
      widget.parent = null;
    }
    for (const widget of wanted) {
      this.addWidget(widget);
    }
  }

  private readonly _connected: Promise<void>;
  private _options: IPanelOptions | null = null;
  private _sectionsLoaded: Promise<void> | null = null;
  private _sections: ISections | null = null;
}
