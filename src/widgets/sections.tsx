import { TranslationBundle } from '@jupyterlab/translation';
import {
  PanelWithToolbar,
  ReactWidget,
  refreshIcon,
  ToolbarButton,
  UseSignal
} from '@jupyterlab/ui-components';
import * as React from 'react';

import { AccountCard } from '../components/AccountCard';
import { CreditsCard } from '../components/CreditsCard';
import { Notices } from '../components/Notices';
import { NotConfigured } from '../components/NotConfigured';
import { SectionStatus } from '../components/SectionStatus';
import { IQbraidAccount, ISectionState } from '../tokens';

/** The sections for each state of the account. */
export interface ISections {
  notConfigured: PanelWithToolbar[];
  configured: PanelWithToolbar[];
}

/**
 * The panel's sections, loaded the first time the panel is shown so that Lab's start
 * pays nothing for them.
 */
export function createSections(
  model: IQbraidAccount,
  trans: TranslationBundle
): ISections {
  const refresh = () => void model.refresh();
  const submitKey = async (apiKey: string) => {
    await model.setKey(apiKey);
  };

  const gettingStarted = section('GetStarted', trans.__('Get started'), () =>
    model.links ? (
      <>
        <Notices notices={model.notices} />
        <NotConfigured
          links={model.links}
          onSubmitKey={submitKey}
          trans={trans}
        />
      </>
    ) : null
  );

  const account = section('Account', trans.__('Account'), () => (
    <>
      <Notices notices={model.notices} />
      <SectionStatus
        state={model.account}
        label={trans.__('account details')}
        onRetry={refresh}
        trans={trans}
      />
      {model.account.data && model.links && (
        <AccountCard
          account={model.account.data}
          links={model.links}
          stale={isStale(model.account)}
          trans={trans}
        />
      )}
    </>
  ));

  const credits = section('Credits', trans.__('Credits'), () => (
    <>
      <SectionStatus
        state={model.credits}
        label={trans.__('credits')}
        onRetry={refresh}
        trans={trans}
      />
      {model.credits.data && model.links && (
        <CreditsCard
          credits={model.credits.data}
          updatedAt={model.credits.updatedAt}
          low={model.isLowOnCredits}
          lowThreshold={model.preferences.lowCreditThreshold}
          links={model.links}
          stale={isStale(model.credits)}
          trans={trans}
        />
      )}
    </>
  ));

  for (const widget of [account, credits]) {
    widget.toolbar.addItem(
      'refresh',
      new ToolbarButton({
        icon: refreshIcon,
        onClick: refresh,
        tooltip: trans.__('Refresh %1', widget.title.label)
      })
    );
  }

  return { notConfigured: [gettingStarted], configured: [account, credits] };

  function section(
    name: string,
    label: string,
    render: () => JSX.Element | null
  ): PanelWithToolbar {
    const panel = new PanelWithToolbar();
    panel.id = `jp-qbraid-section-${name.toLowerCase()}`;
    panel.addClass(`jp-qbraid-${name}Section`);
    panel.title.label = label;
    const body = ReactWidget.create(
      <UseSignal signal={model.changed}>{() => render()}</UseSignal>
    );
    body.addClass('jp-qbraid-SectionBody');
    panel.addWidget(body);
    return panel;
  }
}

function isStale(state: ISectionState<unknown>): boolean {
  return state.data !== null && state.error !== null;
}
