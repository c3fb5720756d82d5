import { Clipboard, Dialog, showDialog } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { IKeyRecord } from '../api';
import { KeyNameField } from './KeyNameField';
import { KeyPasteForm } from './KeyPasteForm';
import { KeySecret } from './KeySecret';
import { keyNameProblem } from './keyName';
import { IQbraidAccount, IQbraidKeys, IQbraidNotices } from '../tokens';

// The secret dialog's buttons, told apart by their action rather than their translated label.
const COPY_ACTION = 'jp-qbraid-copy-secret';
const USE_ACTION = 'jp-qbraid-use-key';

/** A dialog body that reports a value, as `Dialog` asks of its bodies. */
class ValueBody extends ReactWidget implements Dialog.IBodyWidget<string> {
  constructor(render: (setValue: (value: string) => void) => JSX.Element) {
    super();
    this._render = render;
  }

  getValue(): string {
    return this._value;
  }

  render(): JSX.Element {
    return this._render(value => {
      this._value = value;
    });
  }

  private _value = '';
  private _render: (setValue: (value: string) => void) => JSX.Element;
}

/** What a person does to keys, each with its confirmation and its one-time secret. */
export class KeyActions {
  constructor(
    private readonly _account: IQbraidAccount,
    private readonly _keys: IQbraidKeys,
    private readonly _trans: TranslationBundle,
    private readonly _notices: IQbraidNotices
  ) {}

  async create(): Promise<void> {
    const trans = this._trans;
    const result = await showDialog({
      title: trans.__('Create a qBraid API key'),
      body: new ValueBody(setValue => (
        <KeyNameField onChange={setValue} trans={trans} />
      )),
      buttons: [Dialog.cancelButton(), Dialog.okButton({ label: trans.__('Create') })],
      // The name field, not the Create button, has the focus: type, then Enter creates.
      focusNodeSelector: 'input'
    });
    if (!result.button.accept) {
      return;
    }
    const name = result.value ?? '';
    const problem = keyNameProblem(name, trans);
    if (problem) {
      this._notices.warning(trans.__('The key was not created: %1', problem));
      return;
    }
    const created = await this._report(this._keys.create(name.trim()));
    if (created) {
      await this._showSecret(created.key.name, created.secret, [], true);
    }
  }

  /** For the palette: rotate whichever key Lab uses now. */
  async rotateActive(): Promise<void> {
    if (!this._keys.list.data) {
      await this._keys.refresh();
    }
    const active = this._keys.list.data?.keys.find(key => key.active);
    if (!active) {
      this._notices.warning(
        this._trans.__(
          'Lab is not using a key from this account’s key list, so there is none to rotate.'
        )
      );
      return;
    }
    await this.rotate(active);
  }

  async rotate(record: IKeyRecord): Promise<void> {
    const trans = this._trans;
    const confirm = await showDialog({
      title: trans.__('Rotate “%1”?', record.name),
      body: trans.__(
        'A new secret replaces the one ending in …%1, which stops working at once. Anything else that uses it (scripts, other machines) needs the new one.%2',
        record.hint,
        record.active ? ' ' + trans.__('Lab switches to the new secret by itself.') : ''
      ),
      buttons: [
        Dialog.cancelButton(),
        Dialog.warnButton({ label: trans.__('Rotate') })
      ],
      // Enter must not rotate: the old secret stops working at once.
      defaultButton: 0
    });
    if (!confirm.button.accept) {
      return;
    }
    const rotated = await this._report(this._keys.rotate(record.id));
    if (!rotated) {
      return;
    }
    const notes = [...rotated.problems];
    if (rotated.wasActive && rotated.savedToFile !== false) {
      notes.push(trans.__('Lab now uses the new secret.'));
    }
    await this._showSecret(rotated.key.name, rotated.secret, notes, !rotated.wasActive);
  }

  async revoke(record: IKeyRecord): Promise<void> {
    const trans = this._trans;
    const confirm = await showDialog({
      title: trans.__('Revoke “%1”?', record.name),
      body: [
        trans.__(
          'The key ending in …%1 stops working for good. This cannot be undone.',
          record.hint
        ),
        record.active
          ? trans.__(
              'Lab uses this key: afterwards Lab has no key until you choose another.'
            )
          : ''
      ]
        .filter(Boolean)
        .join(' '),
      buttons: [
        Dialog.cancelButton(),
        Dialog.warnButton({ label: trans.__('Revoke') })
      ],
      // Enter must not revoke: it cannot be undone.
      defaultButton: 0
    });
    if (!confirm.button.accept) {
      return;
    }
    const revoked = await this._report(this._keys.revoke(record.id));
    if (revoked) {
      this._notices.success(trans.__('“%1” was revoked.', record.name), {
        autoClose: 5000
      });
      for (const problem of revoked.problems) {
        this._notices.warning(problem);
      }
    }
  }

  /**
   * Make a pasted or new key the active one, then say what the server noticed (e.g. the
   * SDK keeps using an access token); rejects with why the key was not taken.
   */
  async setKey(secret: string): Promise<void> {
    const result = await this._account.setKey(secret);
    for (const notice of result.notices) {
      this._notices.notify(notice.level, notice.message, { autoClose: false });
    }
  }

  /** The service never gives a stored secret back, so the person pastes it. */
  async use(record: IKeyRecord): Promise<void> {
    const trans = this._trans;
    const dialog = new Dialog({
      title: trans.__('Use “%1” in Lab', record.name),
      body: ReactWidget.create(
        <KeyPasteForm
          trans={trans}
          autoFocus
          onSubmit={async secret => {
            if (!secret.endsWith(record.hint)) {
              throw new Error(
                trans.__(
                  'That is not the secret of “%1”, which ends in …%2.',
                  record.name,
                  record.hint
                )
              );
            }
            await this.setKey(secret);
            dialog.resolve(0);
          }}
        />
      ),
      buttons: [Dialog.cancelButton()],
      // The focus starts in the field; with no default button, Enter in it submits the
      // form (the dialog would otherwise take Enter as Cancel and drop the pasted key).
      focusNodeSelector: 'input',
      defaultButton: -1
    });
    await dialog.launch();
    dialog.dispose();
  }

  /**
   * The one time a secret is shown. Enter presses "Copy and close", which changes nothing;
   * making the key Lab's is its own button, and the dialog says what that replaces.
   */
  private async _showSecret(
    name: string,
    secret: string,
    notes: string[],
    offerUse: boolean
  ): Promise<void> {
    const trans = this._trans;
    const use = Dialog.createButton({
      label: trans.__('Use this key in Lab'),
      displayType: 'default',
      actions: [USE_ACTION]
    });
    const copyAndClose = Dialog.okButton({
      label: trans.__('Copy and close'),
      actions: [COPY_ACTION]
    });
    const buttons = [Dialog.cancelButton({ label: trans.__('Close') })];
    if (offerUse) {
      buttons.push(use);
    }
    buttons.push(copyAndClose);
    const result = await showDialog({
      title: trans.__('Your new API key'),
      body: ReactWidget.create(
        <KeySecret
          name={name}
          secret={secret}
          notes={notes}
          switchNote={offerUse ? this._switchNote() : null}
          onCopy={value => Clipboard.copyToSystem(value)}
          trans={trans}
        />
      ),
      buttons,
      defaultButton: buttons.length - 1
    });
    const actions = result.button.actions;
    if (actions.includes(COPY_ACTION)) {
      Clipboard.copyToSystem(secret);
      this._notices.success(trans.__('The secret of “%1” was copied.', name), {
        autoClose: 5000
      });
    } else if (actions.includes(USE_ACTION)) {
      await this._report(this.setKey(secret));
    }
  }

  /** What "Use this key in Lab" changes, naming the key it replaces. */
  private _switchNote(): string {
    const trans = this._trans;
    const current = this._account.key;
    return current
      ? trans.__(
          '“Use this key in Lab” makes it the key Lab uses, in place of the one ending in …%1: Lab saves it for qBraid’s SDK and puts it into your kernels. Copying changes nothing.',
          current.hint
        )
      : trans.__(
          '“Use this key in Lab” makes it the key Lab uses: Lab saves it for qBraid’s SDK and puts it into your kernels. Copying changes nothing.'
        );
  }

  /** The answer, or null after telling the person what went wrong. */
  private async _report<T>(work: Promise<T>): Promise<T | null> {
    try {
      return await work;
    } catch (error) {
      this._notices.error(error instanceof Error ? error.message : String(error));
      return null;
    }
  }
}
