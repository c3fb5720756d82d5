import { TranslationBundle } from '@jupyterlab/translation';
import {
  addToolbarButtonClass,
  caretDownIcon,
  caretRightIcon,
  PanelWithToolbar,
  ReactWidget,
  refreshIcon,
  Toolbar,
  ToolbarButtonComponent,
  UseSignal
} from '@jupyterlab/ui-components';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import { CollapsedSections } from './collapsedSections';

/**
 * One collapsible section of the panel, at its natural height in the panel's one scrolling
 * column; whether it is open is kept in `collapsed`.
 */
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
  options: ISectionOptions,
  collapsed: CollapsedSections
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
  body.id = `${section.id}-body`;
  // Only Lab's accordion puts a PanelWithToolbar's toolbar on screen: here it is the
  // section's title bar.
  section.toolbar.addClass('jp-qbraid-SectionHeader');
  section.addWidget(section.toolbar);
  section.addWidget(body);
  const showState = () => body.setHidden(collapsed.isCollapsed(name));
  showState();
  collapsed.changed.connect(showState);
  section.disposed.connect(() => collapsed.changed.disconnect(showState));
  const title = ReactWidget.create(
    <UseSignal signal={collapsed.changed}>
      {() => (
        <SectionToggle
          label={label}
          bodyId={body.id}
          expanded={!collapsed.isCollapsed(name)}
          onToggle={() => collapsed.setCollapsed(name, !collapsed.isCollapsed(name))}
        />
      )}
    </UseSignal>
  );
  // The button inside names the section as a heading, as the accordion's title did.
  title.node.setAttribute('role', 'heading');
  title.node.setAttribute('aria-level', '3');
  title.addClass('jp-qbraid-SectionTitle');
  section.toolbar.addItem('title', title);
  section.toolbar.addItem('spacer', Toolbar.createSpacerItem());
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

/** The section's title: a button that opens and closes its body. */
function SectionToggle(props: {
  label: string;
  bodyId: string;
  expanded: boolean;
  onToggle: () => void;
}): JSX.Element {
  const { label, bodyId, expanded, onToggle } = props;
  const Caret = expanded ? caretDownIcon : caretRightIcon;
  return (
    <button
      type="button"
      className="jp-qbraid-SectionToggle"
      aria-expanded={expanded}
      aria-controls={bodyId}
      onClick={onToggle}
    >
      <Caret.react tag="span" elementSize="small" />
      <span className="jp-qbraid-SectionToggle-label">{label}</span>
    </button>
  );
}

/** One signal for a view that draws from two models. */
export function anyOf(
  first: ISignal<unknown, unknown>,
  second: ISignal<unknown, unknown>
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
