import { accountPageUrl, restartPlace } from '../instance/restartPlace';
import {
  HUB_HOME_URL,
  instanceInfo,
  LINKS,
  onDemandInfo,
  standaloneInfo,
  subscriptionInfo
} from './fixtures';

describe('restartPlace', () => {
  it.each([
    ['a subscription server', subscriptionInfo()],
    ['an on-demand instance under a hub', onDemandInfo()],
    ['an on-demand instance without a hub', onDemandInfo({ mode: 'standalone' })]
  ])('is the account page for %s', (_, info) => {
    expect(restartPlace(info, HUB_HOME_URL, LINKS.account)).toEqual({
      where: 'account',
      url: LINKS.account
    });
  });

  it('is the hub home page on any other hub, whatever the account page', () => {
    expect(restartPlace(instanceInfo(), HUB_HOME_URL, LINKS.account)).toEqual({
      where: 'hub',
      url: HUB_HOME_URL
    });
  });

  it('is the hub home page on a platform pod whose account page is unknown', () => {
    expect(restartPlace(subscriptionInfo(), HUB_HOME_URL, null)).toEqual({
      where: 'hub',
      url: HUB_HOME_URL
    });
  });

  it('is none standalone', () => {
    expect(restartPlace(standaloneInfo(), null, LINKS.account)).toBeNull();
  });
});

describe('accountPageUrl', () => {
  it('takes the page option qbraidAccountUrl first', () => {
    expect(accountPageUrl('https://lab.example.com/account', LINKS.account)).toBe(
      'https://lab.example.com/account'
    );
  });

  it('else the server’s c.QbraidAccount.account_url', () => {
    expect(accountPageUrl('', LINKS.account)).toBe(LINKS.account);
    expect(accountPageUrl('  ', undefined)).toBeNull();
  });
});
