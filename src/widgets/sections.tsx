import { TranslationBundle } from '@jupyterlab/translation';
import {
  addIcon,
  addToolbarButtonClass,
  Button,
  PanelWithToolbar,
  ReactWidget,
  refreshIcon,
  searchIcon,
  ToolbarButtonComponent,
  UseSignal
} from '@jupyterlab/ui-components';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import { describeError } from '../api';
import { AccessTokenNotice } from '../components/AccessTokenNotice';
import { AccountCard } from '../components/AccountCard';
import { ComputeHoursCard } from '../components/ComputeHoursCard';
import { CreditsCard } from '../components/CreditsCard';
import { KernelList } from '../components/KernelList';
import { KeyList } from '../components/KeyList';
import { KeyPasteForm } from '../components/KeyPasteForm';
import { reportKernelChange } from '../kernelFeedback';
import { Notices } from '../components/Notices';
import { NotConfigured } from '../components/NotConfigured';
import { SectionStatus } from '../components/SectionStatus';
import { SessionCard } from '../components/SessionCard';
import { saysItKeepsRunning } from '../stopFailure';
import {
  IQbraidAccount,
  IQbraidInstance,
  IQbraidKernels,
  IQbraidKeys,
  ISectionState
} from '../tokens';
import { KeyActions } from './keyActions';

/** The sections for each state of the account. */
export interface ISections {
  notConfigured: PanelWithToolbar[];
  configured: PanelWithToolbar[];
}

/** What the panel and its sections show and act on. */
export interface ISectionOptions {
  account: IQbraidAccount;
  keys: IQbraidKeys;
  kernels: IQbraidKernels;
  instance: IQbraidInstance;
  /** Stop the instance, asking first. */
  stopInstance: () => void;
  /** Look for known keys in Lab's files. */
  scanFiles: () => void;
  trans: TranslationBundle;
}

/**
 * The panel's sections, loaded the first time the panel is shown so that Lab's start
 * pays nothing for them.
 */
export function createSections(options: ISectionOptions): ISections {
  const {
    account: model,
    keys,
    kernels,
    instance,
    stopInstance,
    scanFiles,
    trans
  } = options;
  const actions = new KeyActions(model, keys, trans);
  const refresh = () => void model.refresh();
  const submitKey = (apiKey: string) => actions.setKey(apiKey);
  const tokenNotice = () => (
    <AccessTokenNotice
      credential={model.credential}
      variable={kernels.preferences.variableName}
      trans={trans}
    />
  );

  const gettingStarted = section('GetStarted', trans.__('Get started'), () =>
    model.links ? (
      <>
        <Notices notices={model.notices} />
        <NotConfigured links={model.links} onSubmitKey={submitKey} trans={trans} />
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
          credential={model.credential}
          apiUrl={model.apiUrl}
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

  const apiKeys = section(
    'Keys',
    trans.__('API keys'),
    () => {
      const list = keys.list;
      if (list.data && !list.data.supported && model.links) {
        return (
          <div className="jp-qbraid-KeysUnsupported">
            {tokenNotice()}
            <p>
              {trans.__(
                'This qBraid service manages keys on its account page only. Create or rotate a key there, then paste it here to use it in Lab.'
              )}
            </p>
            <a
              className="jp-qbraid-Link"
              href={model.links.apiKeys}
              target="_blank"
              rel="noopener noreferrer"
            >
              {trans.__('Open the API keys page')}
            </a>
            <KeyPasteForm onSubmit={submitKey} trans={trans} />
          </div>
        );
      }
      return (
        <>
          {tokenNotice()}
          <SectionStatus
            state={list}
            label={trans.__('API keys')}
            onRetry={() => void keys.refresh()}
            trans={trans}
          />
          {list.data && (
            <KeyList
              keys={list.data.keys}
              busy={keys.busy}
              onRotate={record => void actions.rotate(record)}
              onRevoke={record => void actions.revoke(record)}
              onUse={record => void actions.use(record)}
              trans={trans}
            />
          )}
        </>
      );
    },
    anyOf(keys.changed, model.changed)
  );
  apiKeys.toolbar.addItem(
    'create',
    toolbarButton({
      icon: addIcon,
      onClick: () => {
        if (!keys.busy) {
          void actions.create();
        }
      },
      tooltip: trans.__('Create an API key')
    })
  );
  apiKeys.toolbar.addItem(
    'scan',
    toolbarButton({
      icon: searchIcon,
      onClick: scanFiles,
      tooltip: trans.__('Scan files for qBraid keys')
    })
  );

  const kernelSection = section(
    'Kernels',
    trans.__('Kernels'),
    () => {
      const snapshot = kernels.snapshot;
      const prefs = kernels.preferences;
      return (
        <>
          <dl className="jp-qbraid-Facts">
            <dt>{trans.__('Variable')}</dt>
            <dd>
              <code>{prefs.variableName}</code>
            </dd>
            <dt>{trans.__('Automatic')}</dt>
            <dd>{prefs.autoInject ? trans.__('On') : trans.__('Off')}</dd>
          </dl>
          <SectionStatus
            state={snapshot}
            label={trans.__('kernels')}
            onRetry={() => void kernels.refresh()}
            trans={trans}
          />
          {snapshot.data && (
            <KernelList
              kernels={snapshot.data.kernels}
              variable={prefs.variableName}
              trans={trans}
            />
          )}
          <div className="jp-qbraid-Actions">
            <Button
              small
              disabled={kernels.busy}
              onClick={() =>
                void reportKernelChange(
                  kernels.inject(),
                  trans.__('The key is in the kernels'),
                  trans
                )
              }
            >
              {trans.__('Inject now')}
            </Button>
            <Button
              small
              minimal
              disabled={kernels.busy}
              onClick={() =>
                void reportKernelChange(
                  kernels.remove(),
                  trans.__('The key was removed from the kernels'),
                  trans
                )
              }
            >
              {trans.__('Remove from kernels')}
            </Button>
          </div>
        </>
      );
    },
    kernels.changed
  );

  const compute = section(
    'Compute',
    trans.__('Compute'),
    () => (
      <>
        <SectionStatus
          state={model.compute}
          label={trans.__('compute hours')}
          onRetry={refresh}
          trans={trans}
        />
        {model.compute.data && (
          <ComputeHoursCard
            hours={model.compute.data}
            low={model.isLowOnHours}
            lowThreshold={model.preferences.lowHoursThreshold}
            stale={isStale(model.compute)}
            trans={trans}
          />
        )}
        <SectionStatus
          state={instance.info}
          label={trans.__('this session')}
          onRetry={() => void instance.refresh()}
          trans={trans}
        />
        {instance.stopError && (
          <p className="jp-qbraid-SectionError" role="alert">
            {saysItKeepsRunning(instance.stopError.message)
              ? trans.__('The last stop failed: %1', describeError(instance.stopError))
              : trans.__(
                  'The last stop failed; the instance keeps running. %1',
                  describeError(instance.stopError)
                )}
          </p>
        )}
        {instance.info.data && (
          <SessionCard
            info={instance.info.data}
            phase={instance.phase}
            onStop={stopInstance}
            accountUrl={model.links?.account ?? null}
            trans={trans}
          />
        )}
      </>
    ),
    anyOf(model.changed, instance.changed)
  );

  for (const [widget, onRefresh] of [
    [account, refresh],
    [credits, refresh],
    [apiKeys, () => void keys.refresh()],
    [kernelSection, () => void kernels.refresh()],
    [
      compute,
      () => {
        refresh();
        void instance.refresh();
      }
    ]
  ] as const) {
    widget.toolbar.addItem(
      'refresh',
      toolbarButton({
        icon: refreshIcon,
        onClick: onRefresh,
        tooltip: trans.__('Refresh %1', widget.title.label)
      })
    );
  }

  void keys.refresh();
  void instance.refresh();
  return {
    // Stopping needs no key, so the session part is there in both states.
    notConfigured: [gettingStarted, compute],
    configured: [account, credits, compute, apiKeys, kernelSection]
  };

  function section(
    name: string,
    label: string,
    render: () => JSX.Element | null,
    signal: ISignal<unknown, void> = model.changed
  ): PanelWithToolbar {
    const panel = new PanelWithToolbar();
    panel.id = `jp-qbraid-section-${name.toLowerCase()}`;
    panel.addClass('jp-qbraid-Section');
    panel.addClass(`jp-qbraid-${name}Section`);
    panel.title.label = label;
    const body = ReactWidget.create(
      <UseSignal signal={signal}>{() => render()}</UseSignal>
    );
    body.addClass('jp-qbraid-SectionBody');
    panel.addWidget(body);
    return panel;
  }
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

/** One signal for a view that draws from two models. */
function anyOf(
  first: ISignal<unknown, void>,
  second: ISignal<unknown, void>
): ISignal<unknown, void> {
  const both = new Signal<unknown, void>(first);
  first.connect(() => both.emit());
  second.connect(() => both.emit());
  return both;
}

function isStale(state: ISectionState<unknown>): boolean {
  return state.data !== null && state.error !== null;
}
