import { nullTranslator } from '@jupyterlab/translation';
import { PromiseDelegate } from '@lumino/coreutils';
import { act, fireEvent, render, screen } from '@testing-library/react';
import * as React from 'react';

import { ApiUrlSource, ICredentialInfo } from '../api';
import { AccessTokenNotice } from '../keys/AccessTokenNotice';
import { AccountCard, IAccountCardProps } from '../account/AccountCard';
import { CreditsCard, ICreditsCardProps } from '../account/CreditsCard';
import { KeyPasteForm } from '../keys/KeyPasteForm';
import { NotConfigured } from '../account/NotConfigured';
import { Notices } from '../shared/Notices';
import { SectionStatus } from '../shared/SectionStatus';
import { formatCredits, formatDollars } from '../shared/format';
import { ISectionState } from '../tokens';
import { ACCOUNT, apiError, CREDITS, LINKS, PASTED_KEY, section } from './fixtures';

const trans = nullTranslator.load('jupyterlab_qbraid');

function expectExternalLink(link: HTMLElement, href: string): void {
  expect(link.tagName).toBe('A');
  expect(link.getAttribute('href')).toBe(href);
  expect(link.getAttribute('target')).toBe('_blank');
  expect(link.getAttribute('rel')?.split(' ')).toContain('noopener');
}

describe('CreditsCard', () => {
  function renderCard(props: Partial<ICreditsCardProps> = {}) {
    return render(
      <CreditsCard
        credits={CREDITS}
        updatedAt={null}
        low={false}
        lowThreshold={500}
        links={LINKS}
        stale={false}
        trans={trans}
        {...props}
      />
    );
  }

  it('shows the credits, their dollar value and the AWS credits', () => {
    const { container } = renderCard();

    expect(container.querySelector('.jp-qbraid-Balance-credits')!.textContent).toBe(
      `${formatCredits(1234.5)} credits`
    );
    expect(container.querySelector('.jp-qbraid-Balance-dollars')!.textContent).toBe(
      formatDollars(12.35)
    );
    expect(screen.getByText('AWS credits').nextElementSibling!.textContent).toBe(
      formatCredits(80)
    );
  });

  it('says whether auto-recharge is on or off', () => {
    const { rerender } = renderCard();
    expect(screen.getByText('Auto-recharge').nextElementSibling!.textContent).toBe(
      'On'
    );

    rerender(
      <CreditsCard
        credits={{ ...CREDITS, autoRecharge: false }}
        updatedAt={null}
        low={false}
        lowThreshold={500}
        links={LINKS}
        stale={false}
        trans={trans}
      />
    );
    expect(screen.getByText('Auto-recharge').nextElementSibling!.textContent).toBe(
      'Off'
    );
  });

  it('warns about low credits only when low', () => {
    const { rerender } = renderCard({ low: false });
    expect(screen.queryByText(/Low on credits/)).toBeNull();

    rerender(
      <CreditsCard
        credits={CREDITS}
        updatedAt={null}
        low={true}
        lowThreshold={2000}
        links={LINKS}
        stale={false}
        trans={trans}
      />
    );
    const warning = screen.getByText(/Low on credits/);
    expect(warning.getAttribute('role')).toBe('status');
    expect(warning.textContent).toContain(`under ${formatCredits(2000)}`);
  });

  it('links to the wallet page in a new tab', () => {
    renderCard();

    expectExternalLink(screen.getByText('Add credits'), LINKS.wallet);
    expectExternalLink(screen.getByText('Redeem a promo code'), LINKS.wallet);
  });

  it('shows when it was updated, and only if known', () => {
    const { rerender } = renderCard();
    expect(screen.queryByText('Updated')).toBeNull();

    rerender(
      <CreditsCard
        credits={CREDITS}
        updatedAt={new Date()}
        low={false}
        lowThreshold={500}
        links={LINKS}
        stale={false}
        trans={trans}
      />
    );
    expect(screen.getByText('Updated').nextElementSibling!.textContent).toBe('now');
  });

  it('marks itself stale', () => {
    const { container } = renderCard({ stale: true });

    expect(container.firstElementChild!.classList).toContain('jp-qbraid-mod-stale');
  });

  it('says in words that its age is stale when the last refresh failed', () => {
    const sixMinutesAgo = new Date(Date.now() - 6 * 60 * 1000);
    renderCard({ stale: true, updatedAt: sixMinutesAgo });

    const age = screen.getByText('Updated').nextElementSibling!;
    expect(age.textContent).toBe('6 minutes ago (stale: the last refresh failed)');
    expect(age.classList).toContain('jp-qbraid-mod-stale');
  });
});

describe('AccountCard', () => {
  function renderCard(props: Partial<IAccountCardProps> = {}) {
    return render(
      <AccountCard
        account={ACCOUNT}
        credential={{ kind: 'apiKey', hint: 'abcd', source: 'qbraidrc' }}
        apiUrl={{ url: 'https://api-v2.qbraid.com/api/v1', source: 'default' }}
        links={LINKS}
        stale={false}
        trans={trans}
        {...props}
      />
    );
  }
  const fact = (label: string) => screen.getByText(label).nextElementSibling!;
  const credentialLine = (container: HTMLElement) =>
    container.querySelector('.jp-qbraid-Credential')?.textContent ?? null;

  it('shows name, email, organization and the plan tier capitalized', () => {
    const { container } = renderCard();

    expect(fact('Name').textContent).toBe('ada');
    expect(screen.getByText('ada@example.com')).toBeTruthy();
    expect(fact('Organization').textContent).toBe('Analytical Engines');
    expect(fact('Plan').textContent).toBe('Pro');
    expect(container.firstElementChild!.classList).not.toContain('jp-qbraid-mod-stale');
  });

  it('keeps the email on one line, whole in its tooltip, with a button that copies it', () => {
    renderCard();

    const email = screen.getByText('ada@example.com');
    expect(email.classList).toContain('jp-qbraid-Truncated-value');
    expect(email.getAttribute('title')).toBe('ada@example.com');
    expect(screen.getByRole('button', { name: 'Copy email' })).toBeTruthy();
  });

  it('adds the role in the organization when it is known', () => {
    renderCard({ account: { ...ACCOUNT, organizationRole: 'admin' } });

    expect(fact('Organization').textContent).toBe('Analytical Engines (admin)');
  });

  it('falls back to the organization id and an unknown plan', () => {
    renderCard({
      account: { ...ACCOUNT, organizationName: null, tier: null },
      stale: true
    });

    expect(fact('Organization').textContent).toBe('org-42');
    expect(fact('Plan').textContent).toBe('Unknown');
  });

  it.each([
    [
      'an API key from qbraidrc',
      { kind: 'apiKey', hint: 'abcd', source: 'qbraidrc' },
      'Signed in with API key …abcd (qbraidrc)'
    ],
    [
      'an API key from the environment',
      { kind: 'apiKey', hint: 'wxyz', source: 'environment' },
      'Signed in with API key …wxyz (environment variable QBRAID_API_KEY)'
    ],
    [
      'an access token from qbraidrc',
      { kind: 'accessToken', hint: 'tok1', source: 'qbraidrc' },
      'Signed in with an access token from qBraid Lab (qbraidrc)'
    ],
    [
      'an access token from the environment',
      { kind: 'accessToken', hint: 'tok1', source: 'environment' },
      'Signed in with an access token from qBraid Lab (environment variable QBRAID_ACCESS_TOKEN)'
    ]
  ] as [string, ICredentialInfo, string][])(
    'says it is signed in with %s',
    (_, credential, line) => {
      const { container } = renderCard({ credential });

      expect(credentialLine(container)).toBe(line);
      // A token's hint is never shown: the line names where it came from instead.
      expect(container.textContent).not.toContain('tok1');
    }
  );

  it('has no credential line when the summary names none', () => {
    const { container } = renderCard({ credential: null });

    expect(credentialLine(container)).toBeNull();
  });

  it('hides the API host when it is the default', () => {
    renderCard();

    expect(screen.queryByText('API host')).toBeNull();
  });

  it.each([
    ['deployment', 'api.internal.example (set by this deployment)'],
    ['environment', 'api.internal.example (from QBRAID_API_URL)'],
    ['key', 'api.internal.example (from the API key)'],
    ['qbraidrc', 'api.internal.example (from qbraidrc)']
  ] as [ApiUrlSource, string][])(
    'shows the API host and where it came from: %s',
    (source, text) => {
      renderCard({ apiUrl: { url: 'https://api.internal.example/api/v1', source } });

      expect(fact('API host').textContent).toBe(text);
      expect(fact('API host').getAttribute('title')).toBe(
        'https://api.internal.example/api/v1'
      );
    }
  );

  it('links to the account page in a new tab', () => {
    renderCard();

    expectExternalLink(screen.getByText('Open account page'), LINKS.account);
  });
});

describe('AccessTokenNotice', () => {
  it('says nothing while an API key is the credential', () => {
    const { container } = render(
      <AccessTokenNotice
        credential={{ kind: 'apiKey', hint: 'abcd', source: 'qbraidrc' }}
        variable="QBRAID_API_KEY"
        trans={trans}
      />
    );

    expect(container.innerHTML).toBe('');
  });

  it.each([
    ['qbraidrc', 'the access token from qbraidrc'],
    ['environment', 'the access token from the environment (QBRAID_ACCESS_TOKEN)']
  ] as const)(
    'says the SDK keeps the access token from %s, and where keys still go',
    (source, from) => {
      render(
        <AccessTokenNotice
          credential={{ kind: 'accessToken', hint: 'tok1', source }}
          variable="MY_KEY"
          trans={trans}
        />
      );

      const note = screen.getByRole('note').textContent!;
      expect(note).toContain(`qBraid’s SDK in this Lab keeps using ${from}.`);
      expect(note).toContain(
        'Making a key active still saves it in qbraidrc and puts it into kernels, for code that reads MY_KEY.'
      );
    }
  );
});

describe('SectionStatus', () => {
  function renderStatus(state: ISectionState<unknown>, onRetry = jest.fn()) {
    const result = render(
      <SectionStatus state={state} of="credits" onRetry={onRetry} trans={trans} />
    );
    return { ...result, onRetry };
  }

  it('shows loading while loading with no data', () => {
    renderStatus(section({ loading: true }));

    expect(screen.getByRole('status').textContent).toBe('Loading credits…');
  });

  it('shows nothing while refreshing data it already has', () => {
    const { container } = renderStatus(
      section({ loading: true, data: CREDITS, updatedAt: new Date() })
    );

    expect(container.innerHTML).toBe('');
  });

  it('shows nothing when idle without an error', () => {
    const { container } = renderStatus(
      section({ data: CREDITS, updatedAt: new Date() })
    );

    expect(container.innerHTML).toBe('');
  });

  it('shows the error with a Retry button that calls onRetry', () => {
    const { onRetry } = renderStatus(
      section({ error: apiError('unreachable', 'qBraid cannot be reached.') })
    );

    expect(screen.getByRole('alert').textContent).toContain(
      'qBraid cannot be reached.'
    );
    expect(screen.queryByText(/may be out of date/)).toBeNull();
    const retry = screen.getByRole('button', { name: 'Retry' }) as HTMLButtonElement;
    expect(retry.disabled).toBe(false);

    fireEvent.click(retry);
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('shows the account API’s code once when the message already carries it', () => {
    renderStatus(
      section({
        error: apiError(
          'rejected',
          'qBraid refused the request (400 BAD_STATE: Instance not running).',
          400,
          null,
          'BAD_STATE'
        )
      })
    );

    const message = document.querySelector('.jp-qbraid-SectionError-message')!;
    expect(message.textContent).toBe(
      'qBraid refused the request (400 BAD_STATE: Instance not running).'
    );
    expect(message.textContent!.split('BAD_STATE')).toHaveLength(2);
  });

  it('adds the account API’s code when the message lacks it', () => {
    renderStatus(
      section({
        error: apiError(
          'forbidden',
          'qBraid refused the request.',
          403,
          null,
          'FORBIDDEN'
        )
      })
    );

    expect(document.querySelector('.jp-qbraid-SectionError-message')!.textContent).toBe(
      'qBraid refused the request. [FORBIDDEN]'
    );
  });

  it('says the data is stale when it has both data and an error', () => {
    renderStatus(
      section({
        data: CREDITS,
        updatedAt: new Date(),
        error: apiError('timeout', 'Timed out.')
      })
    );

    expect(screen.getByText('Timed out.')).toBeTruthy();
    expect(
      screen.getByText('Showing credits last updated now; they may be out of date.')
    ).toBeTruthy();
  });

  it('disables Retry while retrying', () => {
    const { onRetry } = renderStatus(
      section({ loading: true, error: apiError('timeout', 'Timed out.') })
    );

    const retry = screen.getByRole('button', {
      name: 'Retrying…'
    }) as HTMLButtonElement;
    expect(retry.disabled).toBe(true);
    fireEvent.click(retry);
    expect(onRetry).not.toHaveBeenCalled();
  });
});

describe('KeyPasteForm', () => {
  function renderForm(onSubmit: (key: string) => Promise<void>) {
    const { container } = render(<KeyPasteForm onSubmit={onSubmit} trans={trans} />);
    const input = screen.getByLabelText('qBraid API key') as HTMLInputElement;
    const form = container.querySelector('form')!;
    const button = () => screen.getByRole('button') as HTMLButtonElement;
    return { input, form, button };
  }

  it('is a password field without autocomplete', () => {
    const { input } = renderForm(jest.fn());

    expect(input.type).toBe('password');
    expect(input.getAttribute('autocomplete')).toBe('off');
    expect(input.getAttribute('spellcheck')).toBe('false');
  });

  it('disables submitting until a key is typed', () => {
    const onSubmit = jest.fn(() => Promise.resolve());
    const { input, form, button } = renderForm(onSubmit);
    expect(button().disabled).toBe(true);

    fireEvent.change(input, { target: { value: '   ' } });
    expect(button().disabled).toBe(true);
    fireEvent.submit(form);
    expect(onSubmit).not.toHaveBeenCalled();

    fireEvent.change(input, { target: { value: 'key' } });
    expect(button().disabled).toBe(false);
  });

  it('hands over the trimmed key, is busy meanwhile, and clears the field after', async () => {
    const done = new PromiseDelegate<void>();
    const onSubmit = jest.fn(() => done.promise);
    const { input, form, button } = renderForm(onSubmit);

    fireEvent.change(input, { target: { value: `  ${PASTED_KEY}  ` } });
    fireEvent.submit(form);

    expect(onSubmit).toHaveBeenCalledWith(PASTED_KEY);
    expect(button().disabled).toBe(true);
    expect(button().textContent).toBe('Checking…');
    expect(input.disabled).toBe(true);

    await act(async () => done.resolve());

    expect(input.value).toBe('');
    expect(input.disabled).toBe(false);
    expect(button().textContent).toBe('Use this key');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows why a key was refused and keeps what was typed', async () => {
    const onSubmit = jest.fn(() =>
      Promise.reject(new Error('qBraid did not accept this key.'))
    );
    const { input, form, button } = renderForm(onSubmit);

    fireEvent.change(input, { target: { value: PASTED_KEY } });
    await act(async () => {
      fireEvent.submit(form);
    });

    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('qBraid did not accept this key.');
    expect(input.value).toBe(PASTED_KEY);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(alert.id);
    expect(button().disabled).toBe(false);
  });

  it('shows a rejection that is not an Error as text', async () => {
    const { input, form } = renderForm(() => Promise.reject('nope'));

    fireEvent.change(input, { target: { value: PASTED_KEY } });
    await act(async () => {
      fireEvent.submit(form);
    });

    expect(screen.getByRole('alert').textContent).toBe('nope');
  });

  it('clears the previous error on a new attempt', async () => {
    const onSubmit = jest
      .fn<Promise<void>, [string]>()
      .mockRejectedValueOnce(new Error('Refused.'))
      .mockResolvedValueOnce(undefined);
    const { input, form } = renderForm(onSubmit);
    fireEvent.change(input, { target: { value: PASTED_KEY } });
    await act(async () => {
      fireEvent.submit(form);
    });
    expect(screen.getByRole('alert')).toBeTruthy();

    await act(async () => {
      fireEvent.submit(form);
    });

    expect(screen.queryByRole('alert')).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBe('false');
  });

  it.each([
    ['a key too short', 'qbr_short'],
    ['a key with a dash', 'qbr_abcdefgh-12345678'],
    ['a key of 513 characters', 'a'.repeat(513)]
  ])('refuses %s before handing anything over', async (_, value) => {
    const onSubmit = jest.fn(() => Promise.resolve());
    const { input, form } = renderForm(onSubmit);

    fireEvent.change(input, { target: { value } });
    await act(async () => {
      fireEvent.submit(form);
    });

    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe(
      'That is not a qBraid API key: expected qbr_ followed by letters and digits, a legacy key of letters and digits, or a white-label key (prefix_host.64 hex), at most 512 characters.'
    );
    expect(input.value).toBe(value);
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('says which host a white-label key belongs to, and only for one', () => {
    const whiteLabel = `equal1_mfygsltfof2wc3brfzrw63i.${'0123456789abcdef'.repeat(4)}`;
    const { input } = renderForm(jest.fn());
    const hostLine = () => document.querySelector('.jp-qbraid-KeyForm-host');

    fireEvent.change(input, { target: { value: PASTED_KEY } });
    expect(hostLine()).toBeNull();

    fireEvent.change(input, { target: { value: ` ${whiteLabel} ` } });
    expect(hostLine()!.textContent).toBe('This key belongs to api.equal1.com');
    expect(input.getAttribute('aria-describedby')).toBe(hostLine()!.id);

    // A host part that is not canonical base32 names no host.
    fireEvent.change(input, { target: { value: whiteLabel.replace('63i.', '63j.') } });
    expect(hostLine()).toBeNull();
  });

  it('submits once when submitted twice in a row', async () => {
    const done = new PromiseDelegate<void>();
    const onSubmit = jest.fn(() => done.promise);
    const { input, form } = renderForm(onSubmit);

    fireEvent.change(input, { target: { value: PASTED_KEY } });
    fireEvent.submit(form);
    fireEvent.submit(form);
    await act(async () => done.resolve());

    expect(onSubmit).toHaveBeenCalledTimes(1);
  });
});

describe('NotConfigured', () => {
  it('links to the API keys page and takes a key', async () => {
    const onSubmitKey = jest.fn(() => Promise.resolve());
    const { container } = render(
      <NotConfigured links={LINKS} onSubmitKey={onSubmitKey} trans={trans} />
    );

    expectExternalLink(screen.getByText('Get an API key'), LINKS.apiKeys);

    fireEvent.change(screen.getByLabelText('qBraid API key'), {
      target: { value: PASTED_KEY }
    });
    await act(async () => {
      fireEvent.submit(container.querySelector('form')!);
    });
    expect(onSubmitKey).toHaveBeenCalledWith(PASTED_KEY);
  });
});

describe('Notices', () => {
  it('renders nothing without notices', () => {
    const { container } = render(<Notices notices={[]} />);

    expect(container.innerHTML).toBe('');
  });

  it('lists each notice', () => {
    render(
      <Notices
        notices={[
          { level: 'warning', message: 'qbraidrc is corrupt' },
          { level: 'info', message: 'Using the production API' }
        ]}
      />
    );

    expect(screen.getAllByRole('listitem').map(item => item.textContent)).toEqual([
      'qbraidrc is corrupt',
      'Using the production API'
    ]);
  });
});
