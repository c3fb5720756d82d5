import { TranslationBundle } from '@jupyterlab/translation';
import {
  addToolbarButtonClass,
  PanelWithToolbar,
  ReactWidget,
  refreshIcon,
  ToolbarButtonComponent,
  UseSignal
} from '@jupyterlab/ui-components';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

/** One collapsible section of the panel. */
export interface ISectionOptions {
  /** Names its id (`jp-qbraid-section-<name>`) and class (`jp-qbraid-<Name>Section`). */
  name: string;
  label: string;
  /** The view, drawn again each time `signal` fires. */
  render: () => JSX.Element | null;
  signal: ISignal<unknown, void>;
  /** Toolbar buttons before the refresh button, by name. */
  tools?: [string, ToolbarButtonComponent.IProps][];
  /** With it, the toolbar has a refresh button. */
  onRefresh?: () => void;
}

export function createSection(
  trans: TranslationBundle,
  options: ISectionOptions
): PanelWithToolbar {
  const { name, label, render, signal, tools = [], onRefresh } = options;
  const section = new PanelWithToolbar();
  section.id = `jp-qbraid-section-${name.toLowerCase()}`;
  section.addClass('jp-qbraid-Section');
  section.addClass(`jp-qbraid-${name}Section`);
  section.title.label = label;
  const body = ReactWidget.create(
    <UseSignal signal={signal}>{() => render()}</UseSignal>
  );
  body.addClass('jp-qbraid-SectionBody');
  section.addWidget(body);
  for (const [toolName, props] of tools) {
    section.toolbar.addItem(toolName, toolbarButton(props));
  }
  if (onRefresh) {
    section.toolbar.addItem(
      'refresh',
      toolbarButton({
        icon: refreshIcon,
        onClick: onRefresh,
        tooltip: trans.__('Refresh %1', label)
      })
    );
  }
  return section;
}

/** One signal for a view that draws from two models. */
export function anyOf(
  first: ISignal<unknown, void>,
  second: ISignal<unknown, void>
): ISignal<unknown, void> {
  const both = new Signal<unknown, void>(first);
  first.connect(() => both.emit());
  second.connect(() => both.emit());
  return both;
}

/**
 * A section's toolbar button. Not a `ToolbarButton` widget: that one always sets
 * `aria-pressed`, which a button that toggles nothing must not have (axe: aria-allowed-attr).
 */
function toolbarButton(props: ToolbarButtonComponent.IProps): Widget {
  return addToolbarButtonClass(
    ReactWidget.create(<ToolbarButtonComponent {...props} />)
  );
}
