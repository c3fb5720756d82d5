import { TranslationBundle } from '@jupyterlab/translation';
import { SidePanel } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { Panel, Widget } from '@lumino/widgets';

import { qbraidIcon } from '../shared/icons';
import { loadWithStyle } from '../shared/loadWithStyle';
import type { IPanelOptions, ISections } from './sections';
import { IQbraidAccount, IQbraidKernels, PANEL_ID } from '../tokens';

/**
 * The qBraid sidebar: an empty shell until first shown, then its sections. Its header (the
 * title, the notices, the overview) stays in sight; below it the sections sit at their
 * natural height in one column that scrolls as a whole, not in an accordion that would
 * share the height out and make each section scroll on its own.
 */
export class QbraidPanel extends SidePanel {
  constructor(private readonly _options: IPanelOptions) {
    super({ content: new Panel() });
    this.content.addClass('jp-qbraid-PanelContent');
    this._account = _options.account;
    this._kernels = _options.kernels;
    const trans: TranslationBundle = _options.trans;
    this.id = PANEL_ID;
    this.addClass('jp-qbraid-Panel');
    this.title.icon = qbraidIcon;
    this.title.caption = trans.__('qBraid');
    const heading = new Widget({ node: document.createElement('h2') });
    heading.node.textContent = trans.__('qBraid');
    heading.addClass('jp-qbraid-PanelTitle');
    this.header.addWidget(heading);
    if (_options.notices.surface === 'own') {
      // Lab's notifications are off: the notices show here, above every section. Where
      // they are on, Lab's start carries none of it.
      void loadWithStyle(import('../notices/bannerWidget')).then(
        ({ NoticeBannerWidget }) => {
          if (!this.isDisposed) {
            // Right under the title, above the overview if that came first.
            this.header.insertWidget(
              1,
              new NoticeBannerWidget(_options.notices, trans)
            );
          }
        }
      );
    }
    this.node.setAttribute('aria-label', trans.__('qBraid account panel'));
    this.node.setAttribute('role', 'region');
  }

  /** Resolves once the sections are on the panel. */
  get ready(): Promise<void> {
    return this._sectionsLoaded ?? Promise.resolve();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._loadSections();
    this._account.setViewVisible(PANEL_ID, true);
    this._kernels.setVisible(true);
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this._account.setViewVisible(PANEL_ID, false);
    this._kernels.setVisible(false);
  }

  protected onBeforeDetach(msg: Message): void {
    this._account.setViewVisible(PANEL_ID, false);
    this._kernels.setVisible(false);
    super.onBeforeDetach(msg);
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._account.changed.disconnect(this._showSectionsForState, this);
    const sections = this._sections;
    super.dispose();
    // The set that is off the panel is not disposed with it.
    this._options.instance.changed.disconnect(this._showSectionsForState, this);
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

  private _loadSections(): void {
    if (this._sectionsLoaded) {
      return;
    }
    this._sectionsLoaded = loadWithStyle(import('./sections')).then(
      ({ createSections }) => {
        const sections = createSections(this._options);
        this._sections = sections;
        // Shown once opened or closed as they were left, so that nothing jumps.
        return sections.restored.then(() => {
          if (this.isDisposed) {
            return;
          }
          this.header.addWidget(sections.overview);
          this._account.changed.connect(this._showSectionsForState, this);
          this._options.instance.changed.connect(this._showSectionsForState, this);
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
    if (!this._sections) {
      return;
    }
    const cause = this._options.instance.stopCause;
    const wanted =
      cause && cause.by !== 'this-tab'
        ? this._sections.stopped
        : this._account.serverMissing
          ? this._sections.serverMissing
          : this._account.configured === false
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

  private readonly _account: IQbraidAccount;
  private readonly _kernels: IQbraidKernels;
  private _sectionsLoaded: Promise<void> | null = null;
  private _sections: ISections | null = null;
}
