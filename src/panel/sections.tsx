import { TranslationBundle } from '@jupyterlab/translation';
import type { IStateDB } from '@jupyterlab/statedb';
import {
  addIcon,
  PanelWithToolbar,
  ReactWidget,
  searchIcon,
  UseSignal
} from '@jupyterlab/ui-components';
import { Message, MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import * as React from 'react';

import { QbraidApi, SummaryPart } from '../api';

import { LimitsModel } from '../account/limitsModel';
import { UsageModel } from '../account/usageModel';
import { KeyActions } from '../keys/keyActions';
import { ISectionStatusProps, SectionStatus } from '../shared/SectionStatus';
import {
  IQbraidAccount,
  IQbraidInstance,
  IQbraidKernels,
  IQbraidKeys,
  IQbraidNotices
} from '../tokens';
import { AccountSection } from './AccountSection';
import { CollapsedSections } from './collapsedSections';
import { ComputeSection } from './ComputeSection';
import { CreditsSection } from './CreditsSection';
import { GetStartedSection } from './GetStartedSection';
import { KernelsSection } from './KernelsSection';
import { KeysSection } from './KeysSection';
import { ServerMissingSection } from './ServerMissingSection';
import { Overview } from './Overview';
import { StoppedSection } from './StoppedSection';
import { anyOf, createSection, ISectionOptions } from './createSection';

/** The sections for each state of the account. */
export interface ISections {
  notConfigured: PanelWithToolbar[];
  configured: PanelWithToolbar[];
  /** Jupyter has no server part of ours: one section that says so. */
  serverMissing: PanelWithToolbar[];
  /** The instance stopped by something other than this tab: one section that says so. */
  stopped: PanelWithToolbar[];
  /** Above the sections, with the configured ones: credits, hours, key, next stop. */
  overview: Widget;
  /** Resolves once the sections are opened or closed as they were left. */
  restored: Promise<void>;
}

/** What the panel and its sections show and act on. */
export interface IPanelOptions {
  account: IQbraidAccount;
  keys: IQbraidKeys;
  kernels: IQbraidKernels;
  instance: IQbraidInstance;
  /** Where what an action did is told. */
  notices: IQbraidNotices;
  /** Stop the instance, asking first. */
  stopInstance: () => void;
  /** Look for known keys in Lab's files. */
  scanFiles: () => void;
  /** qBraid's account page, where a platform instance starts again; null unknown. */
  accountUrl: () => string | null;
  /** Where the sections' open or closed state is kept; null keeps it for the page only. */
  state: IStateDB | null;
  trans: TranslationBundle;
  /** The server routes the Compute section's own models call; default the real ones. */
  api?: QbraidApi;
}

/** What every section's view is drawn from. */
export interface ISectionProps extends IPanelOptions {
  /** What a person does to keys, each with its confirmation. */
  actions: KeyActions;
  /** `SectionStatus` in the section's words, whose Retry refreshes the section's model. */
  Status: <T>(props: IStatusProps<T>) => JSX.Element | null;
}

export type IStatusProps<T> = Omit<ISectionStatusProps<T>, 'onRetry' | 'trans'> &
  Partial<Pick<ISectionStatusProps<T>, 'onRetry'>>;

type Model = IQbraidAccount | IQbraidKeys | IQbraidKernels | IQbraidInstance;

/**
 * The panel's sections, loaded the first time the panel is shown so that Lab's start
 * pays nothing for them.
 */
export function createSections(options: IPanelOptions): ISections {
  const { account, keys, kernels, instance, notices, scanFiles, trans } = options;
  const actions = new KeyActions(account, keys, trans, notices);
  const collapsed = new CollapsedSections(options.state);
  /**
   * A section drawn from `model`, which its refresh button and Retry refresh by hand;
   * an account section refreshes only its own `part`.
   */
  const section = (
    name: string,
    label: string,
    model: Model,
    View: (props: ISectionProps) => JSX.Element | null,
    more: Partial<ISectionOptions> = {},
    part?: SummaryPart
  ) => {
    const refresh = () =>
      void (model === account && part ? account.refresh([part]) : model.refresh());
    const Status = <T,>(props: IStatusProps<T>) => (
      <SectionStatus onRetry={refresh} trans={trans} {...props} />
    );
    return createSection(
      trans,
      {
        name,
        label,
        signal: model.changed,
        render: () => <View {...options} actions={actions} Status={Status} />,
        onRefresh: refresh,
        ...more
      },
      collapsed
    );
  };

  const usage = new UsageModel({ account, api: options.api });
  const limits = new LimitsModel({ instance, api: options.api });
  const compute = section(
    'Compute',
    trans.__('Compute'),
    account,
    props => <ComputeSection {...props} usage={usage} limits={limits} />,
    {
      signal: anyOf(
        anyOf(account.changed, anyOf(instance.changed, instance.nextStopChanged)),
        anyOf(usage.changed, limits.changed)
      ),
      onRefresh: () => {
        void account.refresh(['compute']);
        void instance.refresh(true);
        void usage.refresh(true);
      }
    },
    'compute'
  );
  // This instance's status and the last 30 days are asked for only while the section
  // shows them (the server's cache answers a second look within minutes without asking
  // qBraid).
  whenShown(compute, () => {
    void instance.refresh();
    void usage.refresh();
  });
  const apiKeys = section('Keys', trans.__('API keys'), keys, KeysSection, {
    signal: anyOf(keys.changed, account.changed),
    tools: [
      [
        'create',
        {
          icon: addIcon,
          onClick: () => {
            if (!keys.busy) {
              void actions.create();
            }
          },
          tooltip: trans.__('Create an API key')
        }
      ],
      [
        'scan',
        {
          icon: searchIcon,
          onClick: scanFiles,
          tooltip: trans.__('Scan files for qBraid keys')
        }
      ]
    ]
  });
  void keys.refresh();
  return {
    overview: createOverview(options),
    restored: collapsed.restored,
    serverMissing: [
      section(
        'Server',
        trans.__('qBraid server extension'),
        account,
        ServerMissingSection
      )
    ],
    stopped: [
      section('Stopped', trans.__('qBraid instance'), instance, StoppedSection, {
        onRefresh: undefined
      })
    ],
    // Stopping needs no key, so the session part is there in both states.
    notConfigured: [
      section('GetStarted', trans.__('Get started'), account, GetStartedSection, {
        onRefresh: undefined
      }),
      compute
    ],
    configured: [
      section('Account', trans.__('Account'), account, AccountSection, {}, 'account'),
      section('Credits', trans.__('Credits'), account, CreditsSection, {}, 'credits'),
      compute,
      apiKeys,
      section('Kernels', trans.__('Kernels'), kernels, KernelsSection)
    ]
  };
}

/** The overview, drawn again as the account, the keys or the instance change. */
function createOverview(options: IPanelOptions): Widget {
  const { account, keys, instance, trans } = options;
  const overview = ReactWidget.create(
    <UseSignal
      signal={anyOf(
        anyOf(account.changed, keys.changed),
        anyOf(instance.changed, instance.nextStopChanged)
      )}
    >
      {() => {
        const key = account.key;
        const record = keys.list.data?.keys.find(candidate => candidate.active);
        return (
          <Overview
            credits={account.credits.data?.qbraidCredits ?? null}
            hoursLeft={account.compute.data?.remaining ?? null}
            lowOnCredits={account.isLowOnCredits}
            lowOnHours={account.isLowOnHours}
            activeKey={key && { name: record?.name ?? null, hint: key.hint }}
            nextStopAt={instance.nextStopAt ? new Date(instance.nextStopAt) : null}
            trans={trans}
          />
        );
      }}
    </UseSignal>
  );
  overview.addClass('jp-qbraid-OverviewWidget');
  return overview;
}

/** Call `shown` each time `widget` comes on screen: attached visible, shown, expanded. */
function whenShown(widget: Widget, shown: () => void): void {
  MessageLoop.installMessageHook(widget, (_handler, message: Message) => {
    if (message.type === 'after-attach' || message.type === 'after-show') {
      // Hooks run before the widget's own handler, which is what marks it visible.
      void Promise.resolve().then(() => {
        if (widget.isVisible) {
          shown();
        }
      });
    }
    return true;
  });
}
