"""SQLite persistence of the emulator: users, organizations, memberships and API keys.

Secrets are never stored: a key row keeps the SHA-256 of its secret and its last four
characters. The database file is created with mode 0600.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlite3
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SECRET_PREFIX = "qbr_"
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_.-]{32,64}")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    is_admin INTEGER NOT NULL,
    email_verified INTEGER NOT NULL,
    is_active INTEGER NOT NULL,
    roles TEXT NOT NULL,
    permissions TEXT NOT NULL,
    metadata TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    subscription_tier TEXT NOT NULL,
    status TEXT NOT NULL,
    qbraid_credits REAL NOT NULL,
    aws_credits REAL NOT NULL,
    auto_recharge TEXT NOT NULL,
    credit_limit REAL NOT NULL,
    cpu_used REAL NOT NULL,
    cpu_quota REAL NOT NULL,
    cpu_renewal TEXT NOT NULL,
    disk_total_gb REAL NOT NULL,
    disk_quota_gb REAL NOT NULL,
    disk_timestamp TEXT NOT NULL,
    storage_status TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS memberships (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    roles TEXT NOT NULL,
    UNIQUE (user_id, organization_id)
);
CREATE TABLE IF NOT EXISTS api_keys (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id),
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    hint TEXT NOT NULL,
    status TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    request_count INTEGER NOT NULL DEFAULT 0
);
"""

# Columns stored as JSON text, decoded when a row becomes a record.
_JSON_COLUMNS = {"roles", "permissions", "metadata", "scopes", "auto_recharge"}
_BOOL_COLUMNS = {"is_admin", "email_verified", "is_active"}


class ConflictError(Exception):
    """A unique field (user name, email) is already taken."""


def utc_iso(moment: datetime | None = None) -> str:
    """ISO 8601 in UTC with millisecond precision and a ``Z`` suffix."""
    moment = (moment or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    """A 24-character lowercase hex id, the shape the platform uses."""
    return secrets.token_hex(12)


def new_secret() -> str:
    """A fresh API key secret: ``qbr_`` plus 48 URL-safe characters (52 in all)."""
    return SECRET_PREFIX + secrets.token_urlsafe(36)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class User:
    id: str
    user_name: str
    email: str
    first_name: str
    last_name: str
    is_admin: bool
    email_verified: bool
    is_active: bool
    roles: list[str]
    permissions: list[str]
    metadata: dict[str, Any]


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    subscription_tier: str
    status: str
    qbraid_credits: float
    aws_credits: float
    auto_recharge: bool | str
    credit_limit: float
    cpu_used: float
    cpu_quota: float
    cpu_renewal: str
    disk_total_gb: float
    disk_quota_gb: float
    disk_timestamp: str
    storage_status: str


@dataclass(frozen=True)
class Membership:
    id: str
    user_id: str
    organization_id: str
    roles: list[str]


@dataclass(frozen=True)
class ApiKey:
    id: str
    user_id: str
    organization_id: str
    name: str
    hint: str
    status: str
    scopes: list[str]
    created_at: str
    last_used_at: str | None
    request_count: int


def _record(cls: type, row: sqlite3.Row) -> Any:
    values = {}
    for field in fields(cls):
        value = row[field.name]
        if field.name in _JSON_COLUMNS:
            value = json.loads(value)
        elif field.name in _BOOL_COLUMNS:
            value = bool(value)
        values[field.name] = value
    return cls(**values)


def _columns(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """Values of a record's fields ready for SQLite (JSON columns encoded)."""
    return {
        name: json.dumps(value) if name in _JSON_COLUMNS else value
        for name, value in values.items()
    }


def _open_private(path: Path) -> None:
    """Create the file with mode 0600 before SQLite opens it, and tighten an existing one."""
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    os.chmod(path, 0o600)


class Store:
    """All emulator state, persisted at ``path``. Not thread-safe: one event loop owns it."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        _open_private(self.path)
        self._db = sqlite3.connect(self.path)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA foreign_keys = ON")
        # Every request writes usage counters; NORMAL keeps that cheap and still durable
        # against a crash of the emulator itself.
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def has_users(self) -> bool:
        return self._db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    # Accounts

    def create_account(
        self,
        user: dict[str, Any],
        organization: dict[str, Any],
        member_roles: list[str],
        key_name: str,
        key_scopes: list[str],
    ) -> tuple[User, Organization, ApiKey, str]:
        """Create a user, an organization, the membership and one active key, atomically.

        ``user`` and ``organization`` hold the record fields without ``id``. Returns the
        records and the key's secret. Raises ConflictError on a taken user name or email.
        """
        user_row = {"id": new_id(), **user}
        org_row = {"id": new_id(), **organization}
        member_row = {
            "id": new_id(),
            "user_id": user_row["id"],
            "organization_id": org_row["id"],
            "roles": member_roles,
        }
        try:
            with self._db:
                self._insert("users", User, user_row)
                self._insert("organizations", Organization, org_row)
                self._insert("memberships", Membership, member_row)
                key, secret = self._insert_key(user_row["id"], org_row["id"], key_name, key_scopes)
        except sqlite3.IntegrityError as err:
            raise ConflictError("User name or email already exists.") from err
        return User(**user_row), Organization(**org_row), key, secret

    def _insert(self, table: str, cls: type, values: dict[str, Any]) -> None:
        row = _columns(cls, values)
        names = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        self._db.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", row)

    def get_user(self, user_id: str) -> User | None:
        row = self._db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
        return _record(User, row) if row else None

    def get_organization(self, organization_id: str) -> Organization | None:
        row = self._db.execute(
            "SELECT * FROM organizations WHERE id = ?", (organization_id,)
        ).fetchone()
        return _record(Organization, row) if row else None

    def first_organization(self) -> Organization | None:
        row = self._db.execute("SELECT * FROM organizations ORDER BY rowid LIMIT 1").fetchone()
        return _record(Organization, row) if row else None

    def get_membership(self, user_id: str, organization_id: str) -> Membership | None:
        row = self._db.execute(
            "SELECT * FROM memberships WHERE user_id = ? AND organization_id = ?",
            (user_id, organization_id),
        ).fetchone()
        return _record(Membership, row) if row else None

    def user_organizations(self, user_id: str) -> list[tuple[Membership, Organization]]:
        rows = self._db.execute(
            "SELECT organization_id FROM memberships WHERE user_id = ? ORDER BY rowid",
            (user_id,),
        ).fetchall()
        pairs = []
        for row in rows:
            membership = self.get_membership(user_id, row["organization_id"])
            organization = self.get_organization(row["organization_id"])
            if membership and organization:
                pairs.append((membership, organization))
        return pairs

    def update_organization(self, organization_id: str, changes: dict[str, Any]) -> Organization:
        """Set the given Organization fields (already validated) and return the new record."""
        # Column names go into the SQL text, so only the record's own fields may pass.
        if not set(changes) <= {field.name for field in fields(Organization)} - {"id"}:
            raise ValueError("Only organization fields other than id can change.")
        if changes:
            row = _columns(Organization, changes)
            assignments = ", ".join(f"{name} = :{name}" for name in row)
            with self._db:
                self._db.execute(
                    f"UPDATE organizations SET {assignments} WHERE id = :organization_id",
                    {**row, "organization_id": organization_id},
                )
        organization = self.get_organization(organization_id)
        assert organization is not None
        return organization

    # Keys

    def authenticate(self, secret: str | None) -> ApiKey | None:
        """The active key with this secret, after counting this use; None if there is none."""
        if not secret or not SECRET_PATTERN.fullmatch(secret):
            return None
        digest = hash_secret(secret)
        with self._db:
            cursor = self._db.execute(
                "UPDATE api_keys SET last_used_at = ?, request_count = request_count + 1"
                " WHERE secret_hash = ? AND status = 'active'",
                (utc_iso(), digest),
            )
        if cursor.rowcount == 0:
            return None
        row = self._db.execute("SELECT * FROM api_keys WHERE secret_hash = ?", (digest,)).fetchone()
        return _record(ApiKey, row)

    def _insert_key(
        self, user_id: str, organization_id: str, name: str, scopes: list[str]
    ) -> tuple[ApiKey, str]:
        secret = new_secret()
        values = {
            "id": new_id(),
            "user_id": user_id,
            "organization_id": organization_id,
            "name": name,
            "hint": secret[-4:],
            "status": "active",
            "scopes": scopes,
            "created_at": utc_iso(),
            "last_used_at": None,
            "request_count": 0,
        }
        self._insert("api_keys", ApiKey, {**values, "secret_hash": hash_secret(secret)})
        return ApiKey(**values), secret

    def create_key(
        self, user_id: str, organization_id: str, name: str, scopes: list[str]
    ) -> tuple[ApiKey, str]:
        with self._db:
            return self._insert_key(user_id, organization_id, name, scopes)

    def list_keys(self, user_id: str, organization_id: str) -> list[ApiKey]:
        """The owner's keys that are not revoked, newest first."""
        rows = self._db.execute(
            "SELECT * FROM api_keys WHERE user_id = ? AND organization_id = ?"
            " AND status != 'revoked' ORDER BY seq DESC",
            (user_id, organization_id),
        ).fetchall()
        return [_record(ApiKey, row) for row in rows]

    def get_key(self, key_id: str, user_id: str, organization_id: str) -> ApiKey | None:
        """One of the owner's keys that is not revoked."""
        row = self._db.execute(
            "SELECT * FROM api_keys WHERE id = ? AND user_id = ? AND organization_id = ?"
            " AND status != 'revoked'",
            (key_id, user_id, organization_id),
        ).fetchone()
        return _record(ApiKey, row) if row else None

    def rotate_key(
        self, key_id: str, user_id: str, organization_id: str
    ) -> tuple[ApiKey, str] | None:
        """Give the key a new secret; the old one stops working in the same transaction."""
        if self.get_key(key_id, user_id, organization_id) is None:
            return None
        secret = new_secret()
        with self._db:
            self._db.execute(
                "UPDATE api_keys SET secret_hash = ?, hint = ? WHERE id = ?",
                (hash_secret(secret), secret[-4:], key_id),
            )
        key = self.get_key(key_id, user_id, organization_id)
        assert key is not None
        return key, secret

    def revoke_key(self, key_id: str, user_id: str, organization_id: str) -> bool:
        with self._db:
            cursor = self._db.execute(
                "UPDATE api_keys SET status = 'revoked' WHERE id = ? AND user_id = ?"
                " AND organization_id = ? AND status != 'revoked'",
                (key_id, user_id, organization_id),
            )
        return cursor.rowcount == 1
