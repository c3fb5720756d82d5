import { IInstanceInfo } from '../api';

/** Where a stopped instance is started again. */
export interface IRestartPlace {
  /** `account`: qBraid's account page; `hub`: the hub's home page. */
  where: 'account' | 'hub';
  url: string;
}

/**
 * On a qBraid platform pod (a subscription server or an on-demand instance) the account
 * page, where qBraid starts it again; on any other hub, the hub's home page; standalone,
 * none (`jupyter lab` starts it). `accountUrl` is the page option `qbraidAccountUrl` when
 * set, else the server's `c.QbraidAccount.account_url`.
 */
export function restartPlace(
  info: IInstanceInfo | null,
  hubHomeUrl: string | null,
  accountUrl: string | null
): IRestartPlace | null {
  const onPlatform = info?.kind === 'subscription' || info?.kind === 'on-demand';
  if (onPlatform && accountUrl) {
    return { where: 'account', url: accountUrl };
  }
  if (hubHomeUrl && info?.mode !== 'standalone') {
    return { where: 'hub', url: hubHomeUrl };
  }
  return null;
}

/** The account page: the page option `qbraidAccountUrl` wins over the server's setting. */
export function accountPageUrl(
  pageOption: string,
  serverSetting: string | null | undefined
): string | null {
  return pageOption.trim() || serverSetting || null;
}
