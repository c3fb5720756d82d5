"""Listing, creating, rotating and revoking API keys, keeping Lab's active key in step.

Kept apart from the handlers so it can be tested without a Jupyter server. Secrets leave
this module only in the answers of `create` and `rotate`: never in errors, problems or logs.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, TypeVar

from . import errors
from .account_client import (
    AccountClient,
    KeyRecord,
    is_valid_key_id,
    key_records,
    parse_timestamp,
    pasted_key,
)
from .account_service import AccountService
from .api_key_format import key_api_url, key_hint
from .connection import Credential
from .credentials import CredentialStore, SaveOutcome
from .errors import AccountApiError, Conflict, InvalidRequest
from .key_ages import KeyAges
from .translation import _, ngettext, sentences

MAX_NAME_LENGTH = 64
_NEVER = datetime.min.replace(tzinfo=timezone.utc)

T = TypeVar("T")


@dataclass
class _Connection:
    client: AccountClient
    credential: Credential
    api_url: str
    # Lab's active API key, which may differ from the credential (an access token).
    lab_key: str | None = field(repr=False)


class KeyManager:
    """Key management for the account of Lab's credential; one change at a time."""

    def __init__(
        self,
        service: AccountService,
        ages: KeyAges,
        log: logging.Logger | None = None,
        on_key: Callable[[str], None] | None = None,
    ):
        """`ages` keeps when keys were first seen and issued, for the reminder to rotate;
        `on_key` is told each key this manager acts with or hands out, for the leak guard."""
        self.service = service
        self.ages = ages
        self.log = log or logging.getLogger(__name__)
        self._on_key = on_key or (lambda api_key: None)
        self._changing = False
        # A key pasted or made active starts its age here when the service lists no keys.
        service.store.add_listener(lambda api_key: api_key and self.ages.first_seen(api_key))

    async def list(self) -> dict[str, Any]:
        """The probe: only an enveloped list means qBraid manages keys here.

        Any other answer (a refusal, a failure, HTML, no answer) means "managed on the
        account page"; it says nothing about whether the credential works, which only
        /users/verify tells.
        """
        connection = self._connection()
        lab_key = connection.lab_key
        # Noted whatever the answer, so that an age is there should the key routes go away.
        first_seen = self._first_seen_age(lab_key)
        try:
            data = await connection.client.request("GET", "/api-keys", connection.credential)
        except AccountApiError as error:
            self.log.info("Key management is not offered here: %s", error.message)
            return {"supported": False, "keys": [], "activeKeyAge": first_seen}
        if not isinstance(data, list):
            self.log.info("Key management is not offered here: GET /api-keys is not a list.")
            return {"supported": False, "keys": [], "activeKeyAge": first_seen}
        records = key_records(data)
        active_id = active_record_id(records, lab_key)
        keys = [self._record_json(record, record.id == active_id) for record in records]
        active = next((key for key in keys if key["active"]), None)
        return {
            "supported": True,
            "keys": keys,
            # Lab's key not among them (another account's, say): its age as Lab saw it.
            "activeKeyAge": (
                {"hint": active["hint"], "since": active["issuedAt"], "source": active["issuedBy"]}
                if active
                else first_seen
            ),
        }

    async def create(self, name: Any, scopes: Any = None) -> dict[str, Any]:
        name = _key_name(name)
        scopes = _key_scopes(scopes)
        connection = self._connection()
        with self._one_change():
            created = await connection.client.create_key(connection.credential, name, scopes)
        self._on_key(created.secret)
        self.ages.issued(created.secret, created.record.id)
        self.log.info("Created qBraid API key %s.", created.record.id)
        # A new key is never Lab's active one: that stays whatever it was.
        return {"key": self._record_json(created.record, False), "secret": created.secret}

    async def rotate(self, key_id: Any) -> dict[str, Any]:
        """Rotate a key; when it was Lab's active key, the new secret becomes active at once.

        Whether it was the active key is asked of qBraid afterwards: Lab's key worked a
        moment ago (it made this call, or the access token did and the key is checked
        the same way), and a 401 now means this rotation killed it. If the new secret
        cannot be saved, the answer still carries it, with why.
        """
        key_id = _key_id(key_id)
        connection = self._connection()
        with self._one_change():
            rotated = await _existing_key(
                connection.client.rotate_key(connection.credential, key_id)
            )
            self._on_key(rotated.secret)
            # Its age starts again: the service keeps the record's createdAt.
            self.ages.issued(rotated.secret, key_id)
            was_active, problems = await _active_key_died(
                connection, _("If Lab's key stops working, paste the new secret shown here.")
            )
            saved = None
            if was_active:
                saved, save_problems = _activate(
                    self.service.store, rotated.secret, connection.api_url
                )
                problems += save_problems
        problems = _scrub_all(problems, *_secrets(connection), rotated.secret)
        self._log_change("Rotated", key_id, was_active, problems)
        return {
            "key": self._record_json(rotated.record, was_active),
            "secret": rotated.secret,
            "wasActive": was_active,
            "savedToFile": saved,
            "problems": problems,
        }

    async def revoke(self, key_id: Any) -> dict[str, Any]:
        """Revoke a key; when it was Lab's active key, Lab forgets it (file and environment).

        Whether it was the active key is asked of qBraid afterwards, as for rotation: a 401
        for Lab's key now means this revocation killed it. Matching the id against the
        listed records before the call would rest on the 4-character hint, which two keys
        may share; and should the key have died some other way at the same moment,
        forgetting a dead key is right anyway.
        """
        key_id = _key_id(key_id)
        connection = self._connection()
        with self._one_change():
            await _existing_key(connection.client.revoke_key(connection.credential, key_id))
            was_active, problems = await _active_key_died(
                connection, _("If Lab's key stops working, paste another key.")
            )
            if was_active:
                problems += _local_change(
                    self.service.store.clear,
                    _("Removing the revoked key from Lab failed ({error}); remove it by hand."),
                ).problems
        problems = _scrub_all(problems, *_secrets(connection))
        self._log_change("Revoked", key_id, was_active, problems)
        return {"id": key_id, "status": "revoked", "wasActive": was_active, "problems": problems}

    def _record_json(self, record: KeyRecord, active: bool) -> dict[str, Any]:
        """The record, whether Lab uses it, and since when its secret is in use: its creation,
        or the last rotation this Lab made (`issuedBy` "service" or "lab")."""
        issued = self.ages.issued_since(record.id, record.hint)
        in_lab = issued is not None and parse_timestamp(issued) > parse_timestamp(record.created_at)
        return {
            **record.to_json(),
            "active": active,
            "issuedAt": issued if in_lab else record.created_at,
            "issuedBy": "lab" if in_lab else "service",
        }

    def _first_seen_age(self, lab_key: str | None) -> dict[str, str] | None:
        if not lab_key:
            return None
        return {
            "hint": key_hint(lab_key),
            "since": self.ages.first_seen(lab_key),
            "source": "firstSeen",
        }

    def _log_change(self, done: str, key_id: str, was_active: bool, problems: list[str]) -> None:
        self.log.info("%s qBraid API key %s (Lab's active key: %s).", done, key_id, was_active)
        for problem in problems:
            self.log.warning("After the key change: %s", problem)

    def _connection(self) -> _Connection:
        """The client, the credential, its API URL, and Lab's active key."""
        connection = self.service.connection()
        if connection.credential is None:
            raise Conflict(
                errors.NOT_CONFIGURED,
                _("Lab has no qBraid API key, so there are no keys to manage: paste a key first."),
            )
        lab_key = connection.key.api_key if connection.key else None
        # Known before a rotation replaces it: a key put in the file by hand after the server
        # started never passed the store's listeners.
        if lab_key:
            self._on_key(lab_key)
        # The service's own factory, so that both share one HTTP client per API URL.
        return _Connection(
            self.service.client_for(connection.api_url),
            connection.credential,
            connection.api_url,
            lab_key,
        )

    @contextmanager
    def _one_change(self) -> Iterator[None]:
        # Refused rather than queued: a second rotation racing the first could leave Lab
        # holding a secret that the other one already killed.
        if self._changing:
            raise Conflict(
                errors.BUSY,
                _("Another key change is still running; try again when it has finished."),
            )
        self._changing = True
        try:
            yield
        finally:
            self._changing = False


def active_record_id(records: list[KeyRecord], api_key: str | None) -> str | None:
    """Which record is Lab's active key: its hint matches and, among records sharing that
    hint, it was used last, since the list call itself was made with the active key."""
    if not api_key:
        return None
    hint = key_hint(api_key)
    candidates = [record for record in records if record.hint == hint]
    if not candidates:
        return None
    return max(candidates, key=_last_used).id


def _last_used(record: KeyRecord) -> datetime:
    return parse_timestamp(record.last_used_at) if record.last_used_at else _NEVER


def _activate(store: CredentialStore, secret: str, api_url: str) -> tuple[bool, list[str]]:
    """Make the new secret Lab's active key; whether the file has it, and what went wrong."""
    # A white-label secret belongs to its own host, whatever URL Lab used.
    outcome = _local_change(
        lambda: store.save(secret, key_api_url(secret) or api_url),
        _("Saving the new key failed ({error}); copy the secret now so that it is not lost."),
    )
    return outcome.file_saved, list(outcome.problems)


async def _existing_key(call: Awaitable[T]) -> T:
    try:
        return await call
    except AccountApiError as error:
        if error.kind != errors.NOT_FOUND:
            raise
        raise AccountApiError(
            errors.NOT_FOUND,
            _("qBraid has no such key for this account; it may have been revoked already."),
            error.upstream_status,
        ) from None


async def _active_key_died(connection: _Connection, advice: str) -> tuple[bool, list[str]]:
    """Whether Lab's active key stopped working, and what got in the way of finding out."""
    if not connection.lab_key:
        return False, []
    try:
        await connection.client.verify(pasted_key(connection.lab_key))
    except AccountApiError as error:
        if error.kind == errors.KEY_REJECTED:
            return True, []
        return False, [
            sentences(
                _("Lab could not check whether this was its active key: {error}").format(
                    error=error.message
                ),
                advice,
            )
        ]
    return False, []


def _local_change(change: Callable[[], SaveOutcome], failed: str) -> SaveOutcome:
    """`failed` says what failed, with the error's type in its `{error}` field."""
    # The change at qBraid is done by now; whatever happens here goes into the answer.
    try:
        return change()
    except Exception as error:
        return SaveOutcome(False, [failed.format(error=type(error).__name__)])


def _secrets(connection: _Connection) -> tuple[str, ...]:
    return tuple(secret for secret in (connection.credential.secret, connection.lab_key) if secret)


def _scrub_all(messages: list[str], *secrets: str) -> list[str]:
    # A corrupt qbraidrc's parse error may quote the line that holds a key.
    for secret in secrets:
        messages = [message.replace(secret, "[key]") for message in messages]
    return messages


def _key_id(value: Any) -> str:
    if not is_valid_key_id(value):
        raise InvalidRequest(
            _("That is not a key id: ids are 1 to 64 letters, digits, '_' or '-'."),
        )
    return value


def _key_name(value: Any) -> str:
    """The contract's rule: 1 to 64 printable characters, not all of them whitespace."""
    if value is None or value == "":
        raise InvalidRequest(_("Give the key a name."))
    if not isinstance(value, str):
        raise InvalidRequest(_("A key name must be text."))
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidRequest(
            ngettext(
                "A key name may have at most {count} character.",
                "A key name may have at most {count} characters.",
                MAX_NAME_LENGTH,
            ).format(count=MAX_NAME_LENGTH)
        )
    if not value.isprintable():
        raise InvalidRequest(
            _(
                "A key name may hold only printable characters: no tabs, line breaks or "
                "control characters."
            )
        )
    if not value.strip():
        raise InvalidRequest(_("A key name cannot be only spaces."))
    return value


def _key_scopes(value: Any) -> list[str] | None:
    """None lets the service apply its default scopes."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(scope, str) and scope for scope in value):
        raise InvalidRequest(_("Scopes must be a list of non-empty strings."))
    return value
