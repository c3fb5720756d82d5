import { Clipboard } from '@jupyterlab/apputils';
import { nullTranslator } from '@jupyterlab/translation';
import { fireEvent, render, screen, within } from '@testing-library/react';
import * as React from 'react';

import { IOverviewProps, Overview } from '../panel/Overview';
import {
  formatCredits,
  formatDate,
  formatDuration,
  formatHours
} from '../shared/format';

const trans = nullTranslator.load('jupyterlab_qbraid');

function renderOverview(props: Partial<IOverviewProps> = {}) {
  return render(
    <Overview
      credits={1234.5}
      hoursLeft={7}
      lowOnCredits={false}
      lowOnHours={false}
      activeKey={{ name: 'Laptop', hint: 'abcd' }}
      nextStopAt={null}
      trans={trans}
      {...props}
    />
  );
}

/** The value shown for `term`. */
function valueOf(term: string): HTMLElement {
  const dt = screen.getByText(term, { selector: 'dt' });
  return dt.nextElementSibling as HTMLElement;
}

describe('Overview', () => {
  it('shows the credits, the hours left, the key in use and that nothing stops it', () => {
    renderOverview();

    expect(screen.getByLabelText('Overview').tagName).toBe('DL');
    expect(valueOf('Credits').textContent).toBe(formatCredits(1234.5));
    expect(valueOf('Hours left').textContent).toBe(formatHours(7));
    expect(valueOf('Key in use').textContent).toBe('Laptop…abcd');
    expect(valueOf('Next automatic stop').textContent).toBe('None');
  });

  it('says when the server will stop the instance, the exact time in its tooltip', () => {
    const nextStopAt = new Date(Date.now() + 12 * 60 * 1000 + 30 * 1000);
    renderOverview({ nextStopAt });

    const value = valueOf('Next automatic stop');
    expect(value.textContent).toBe(`in ${formatDuration(12 * 60 * 1000)}`);
    expect(value.title).toBe(formatDate(nextStopAt));
  });

  it('says what is not known yet, and when Lab has no key', () => {
    renderOverview({ credits: null, hoursLeft: null, activeKey: null });

    expect(valueOf('Credits').textContent).toBe('Not known yet');
    expect(valueOf('Hours left').textContent).toBe('Not known yet');
    expect(valueOf('Key in use').textContent).toBe('None');
  });

  it('shows a key the list does not name by its last characters', () => {
    renderOverview({ activeKey: { name: null, hint: 'wxyz' } });

    expect(valueOf('Key in use').textContent).toBe('…wxyz');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('marks what is low', () => {
    renderOverview({ lowOnCredits: true, lowOnHours: true });

    expect(valueOf('Credits').classList).toContain('jp-qbraid-mod-warning');
    expect(valueOf('Hours left').classList).toContain('jp-qbraid-mod-warning');
  });

  it('has a long key name whole in its tooltip, and copies it', () => {
    const name = 'A key with a name far longer than any sidebar is wide';
    const copy = jest
      .spyOn(Clipboard, 'copyToSystem')
      .mockImplementation(() => undefined);
    renderOverview({ activeKey: { name, hint: 'abcd' } });
    const key = valueOf('Key in use');

    expect(within(key).getByText(name).getAttribute('title')).toBe(name);
    fireEvent.click(within(key).getByRole('button', { name: 'Copy key name' }));

    expect(copy).toHaveBeenCalledWith(name);
    copy.mockRestore();
  });
});
