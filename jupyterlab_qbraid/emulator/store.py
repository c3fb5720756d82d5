"""SQLite persistence of the emulator: accounts, credentials and compute state.

Accounts are users, organizations and memberships; credentials are API keys and access
tokens; compute state is each user's subscription server per cluster, on-demand
instances and past compute sessions (the usage history). Secrets are never stored: a key
or token row keeps the SHA-256 of its secret and its last four characters. The database
file is created with mode 0600.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlite3
from contextlib import closing
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SECRET_PREFIX = "qbr_"
# What a credential may look like before it is hashed and looked up: the emulator's own
# keys (qbr_ + 64 hex), white-label keys (up to 512 characters) and access tokens.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_.-]{16,512}")
# Bumped when the schema changes in a way an older database cannot follow.
SCHEMA_VERSION = 2

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
    request_count INTEGER NOT NULL DEFAULT 0,
    white_label_prefix TEXT,
    white_label_host TEXT
);
CREATE TABLE IF NOT EXISTS access_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    secret_hash TEXT NOT NULL UNIQUE,
    hint TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS servers (
    user_id TEXT NOT NULL REFERENCES users(id),
    cluster_id TEXT NOT NULL,
    state TEXT NOT NULL,
    profile_slug TEXT NOT NULL,
    started_at TEXT,
    last_activity TEXT,
    PRIMARY KEY (user_id, cluster_id)
);
CREATE TABLE IF NOT EXISTS instances (
    instance_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    status TEXT NOT NULL,
    display_name TEXT,
    profile_slug TEXT NOT NULL,
    persistent_disk_gb INTEGER NOT NULL,
    supports_stop INTEGER NOT NULL,
    running_credits_per_min REAL NOT NULL,
    stopped_credits_per_min REAL NOT NULL,
    auto_stop_idle_minutes INTEGER NOT NULL,
    max_session_minutes INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    running_at TEXT,
    stopped_at TEXT
);
CREATE TABLE IF NOT EXISTS compute_sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    profile_slug TEXT NOT NULL,
    session_type TEXT NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    compute_hours_deducted REAL NOT NULL,
    credits_charged REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS compute_sessions_by_user ON compute_sessions (user_id, start_time);
"""

# Columns stored as JSON text, decoded when a row becomes a record.
_JSON_COLUMNS = {"roles", "permissions", "metadata", "scopes", "auto_recharge"}
_BOOL_COLUMNS = {"is_admin", "email_verified", "is_active", "supports_stop"}


class ConflictError(Exception):
    """A unique field (user name, email, instance id) is already taken."""


class OutdatedDatabaseError(sqlite3.DatabaseError):
    """The file holds an older emulator's database, which this one cannot serve."""


def utc_iso(moment: datetime | None = None) -> str:
    """ISO 8601 in UTC with millisecond precision and a ``Z`` suffix."""
    moment = (moment or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    """A 24-character lowercase hex id, the shape the platform uses."""
    return secrets.token_hex(12)


def new_secret(white_label: tuple[str, str] | None = None) -> str:
    """A fresh API key secret: ``qbr_`` plus 64 lowercase hex digits; with ``white_label``
    (prefix, encoded host), ``<prefix>_<encoded host>.<64 hex>``."""
    if white_label:
        prefix, encoded_host = white_label
        return f"{prefix}_{encoded_host}.{secrets.token_hex(32)}"
    return SECRET_PREFIX + secrets.token_hex(32)


def new_access_token() -> str:
    """An opaque access token: 64 URL-safe characters."""
    return secrets.token_urlsafe(48)


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
    # Set on a white-label key, so that rotation keeps its shape and its host.
    white_label_prefix: str | None = None
    white_label_host: str | None = None


@dataclass(frozen=True)
class AccessToken:
    """An access token minted for a user, as platform Lab pods are given one."""

    id: str
    user_id: str
    organization_id: str
    hint: str
    created_at: str


@dataclass(frozen=True)
class Server:
    """A user's subscription server on one cluster: running, starting or stopped."""

    user_id: str
    cluster_id: str
    state: str
    profile_slug: str
    started_at: str | None
    last_activity: str | None


@dataclass(frozen=True)
class Instance:
    """An on-demand instance; ``status`` as the platform names it (running, stopped...)."""

    instance_id: str
    user_id: str
    organization_id: str
    status: str
    display_name: str | None
    profile_slug: str
    persistent_disk_gb: int
    supports_stop: bool
    running_credits_per_min: float
    stopped_credits_per_min: float
    auto_stop_idle_minutes: int
    max_session_minutes: int
    created_at: str
    running_at: str | None
    stopped_at: str | None


@dataclass(frozen=True)
class ComputeSession:
    """One finished Lab session: what the usage history adds up."""

    id: str
    user_id: str
    organization_id: str
    profile_slug: str
    session_type: str
    start_time: str
    end_time: str
    compute_hours_deducted: float
    credits_charged: float


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


def _outdated_version(db: sqlite3.Connection) -> int | None:
    """The schema version of a database this emulator cannot serve; None if it can."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    has_tables = db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
    return version if has_tables and version != SCHEMA_VERSION else None


def schema_is_current(path: str | os.PathLike[str]) -> bool:
    """Whether this emulator can serve the database at ``path`` (an empty one it can)."""
    with closing(sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)) as db:
        return _outdated_version(db) is None


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
        self._check_version()
        self._db.executescript(_SCHEMA)
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _check_version(self) -> None:
        version = _outdated_version(self._db)
        if version is not None:
            self._db.close()
            raise OutdatedDatabaseError(
                f"{self.path} was written by another version of the emulator (schema"
                f" {version}, this one needs {SCHEMA_VERSION}); delete it to start afresh."
            )

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

    def _update(self, table: str, cls: type, where: dict[str, Any], changes: dict[str, Any]) -> int:
        """Set record fields (already validated) on the rows matching ``where``."""
        # Column names go into the SQL text, so only the record's own fields may pass.
        names = {field.name for field in fields(cls)}
        if not set(changes) <= names - set(where) or not set(where) <= names:
            raise ValueError(f"Only {cls.__name__} fields other than the key can change.")
        if not changes:
            return 0
        row = _columns(cls, changes)
        assignments = ", ".join(f"{name} = :{name}" for name in row)
        conditions = " AND ".join(f"{name} = :where_{name}" for name in where)
        with self._db:
            cursor = self._db.execute(
                f"UPDATE {table} SET {assignments} WHERE {conditions}",
                {**row, **{f"where_{name}": value for name, value in where.items()}},
            )
        return cursor.rowcount

    def get_user(self, user_id: str) -> User | None:
        row = self._db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
        return _record(User, row) if row else None

    def find_user(self, user_name: str) -> User | None:
        row = self._db.execute("SELECT * FROM users WHERE user_name = ?", (user_name,)).fetchone()
        return _record(User, row) if row else None

    def first_user(self) -> User | None:
        row = self._db.execute("SELECT * FROM users ORDER BY rowid LIMIT 1").fetchone()
        return _record(User, row) if row else None

    def home_organization_id(self, user_id: str) -> str | None:
        """The organization the user joined first: the one new credentials belong to."""
        row = self._db.execute(
            "SELECT organization_id FROM memberships WHERE user_id = ? ORDER BY rowid LIMIT 1",
            (user_id,),
        ).fetchone()
        return row["organization_id"] if row else None

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
        self._update("organizations", Organization, {"id": organization_id}, changes)
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
        self,
        user_id: str,
        organization_id: str,
        name: str,
        scopes: list[str],
        white_label: tuple[str, str] | None = None,
    ) -> tuple[ApiKey, str]:
        secret = new_secret(white_label)
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
            "white_label_prefix": white_label[0] if white_label else None,
            "white_label_host": white_label[1] if white_label else None,
        }
        self._insert("api_keys", ApiKey, {**values, "secret_hash": hash_secret(secret)})
        return ApiKey(**values), secret

    def create_key(
        self,
        user_id: str,
        organization_id: str,
        name: str,
        scopes: list[str],
        white_label: tuple[str, str] | None = None,
    ) -> tuple[ApiKey, str]:
        """A new active key; ``white_label`` (prefix, base32 host) makes a white-label one."""
        with self._db:
            return self._insert_key(user_id, organization_id, name, scopes, white_label)

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
        key = self.get_key(key_id, user_id, organization_id)
        if key is None:
            return None
        white_label = (
            (key.white_label_prefix, key.white_label_host)
            if key.white_label_prefix and key.white_label_host
            else None
        )
        secret = new_secret(white_label)
        with self._db:
            self._db.execute(
                "UPDATE api_keys SET secret_hash = ?, hint = ? WHERE id = ?",
                (hash_secret(secret), secret[-4:], key_id),
            )
        key = self.get_key(key_id, user_id, organization_id)
        assert key is not None
        return key, secret

    def update_key(self, key_id: str, changes: dict[str, Any]) -> ApiKey | None:
        """Set key record fields (already validated), whoever owns it; None: no such key."""
        if self._update("api_keys", ApiKey, {"id": key_id}, changes) == 0:
            return None
        row = self._db.execute("SELECT * FROM api_keys WHERE id = ?", (key_id,)).fetchone()
        return _record(ApiKey, row)

    def revoke_key(self, key_id: str, user_id: str, organization_id: str) -> bool:
        with self._db:
            cursor = self._db.execute(
                "UPDATE api_keys SET status = 'revoked' WHERE id = ? AND user_id = ?"
                " AND organization_id = ? AND status != 'revoked'",
                (key_id, user_id, organization_id),
            )
        return cursor.rowcount == 1

    # Access tokens

    def create_access_token(self, user_id: str, organization_id: str) -> tuple[AccessToken, str]:
        secret = new_access_token()
        token = AccessToken(
            id=new_id(),
            user_id=user_id,
            organization_id=organization_id,
            hint=secret[-4:],
            created_at=utc_iso(),
        )
        with self._db:
            self._insert(
                "access_tokens",
                AccessToken,
                {**token.__dict__, "secret_hash": hash_secret(secret)},
            )
        return token, secret

    def authenticate_access_token(self, secret: str | None) -> AccessToken | None:
        if not secret or not SECRET_PATTERN.fullmatch(secret):
            return None
        row = self._db.execute(
            "SELECT * FROM access_tokens WHERE secret_hash = ?", (hash_secret(secret),)
        ).fetchone()
        return _record(AccessToken, row) if row else None

    # Subscription servers

    def get_server(self, user_id: str, cluster_id: str) -> Server | None:
        row = self._db.execute(
            "SELECT * FROM servers WHERE user_id = ? AND cluster_id = ?", (user_id, cluster_id)
        ).fetchone()
        return _record(Server, row) if row else None

    def put_server(self, server: Server) -> Server:
        """Create or replace the user's server record on that cluster."""
        with self._db:
            self._db.execute(
                "DELETE FROM servers WHERE user_id = ? AND cluster_id = ?",
                (server.user_id, server.cluster_id),
            )
            self._insert("servers", Server, server.__dict__)
        return server

    # On-demand instances

    def create_instance(self, instance: Instance) -> Instance:
        try:
            with self._db:
                self._insert("instances", Instance, instance.__dict__)
        except sqlite3.IntegrityError as err:
            raise ConflictError(f"Instance {instance.instance_id} already exists.") from err
        return instance

    def get_instance(self, instance_id: str, user_id: str | None = None) -> Instance | None:
        """The instance; with ``user_id``, only if it is that user's."""
        row = self._db.execute(
            "SELECT * FROM instances WHERE instance_id = ?", (instance_id,)
        ).fetchone()
        if row is None or (user_id is not None and row["user_id"] != user_id):
            return None
        return _record(Instance, row)

    def list_instances(self, user_id: str) -> list[Instance]:
        """The user's instances that are not terminated, oldest first."""
        rows = self._db.execute(
            "SELECT * FROM instances WHERE user_id = ? AND status != 'terminated' ORDER BY rowid",
            (user_id,),
        ).fetchall()
        return [_record(Instance, row) for row in rows]

    def update_instance(self, instance_id: str, changes: dict[str, Any]) -> Instance:
        self._update("instances", Instance, {"instance_id": instance_id}, changes)
        instance = self.get_instance(instance_id)
        assert instance is not None
        return instance

    # Usage history

    def add_sessions(self, sessions: list[ComputeSession]) -> None:
        with self._db:
            for session in sessions:
                self._insert("compute_sessions", ComputeSession, session.__dict__)

    def has_sessions(self, user_id: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM compute_sessions WHERE user_id = ? LIMIT 1", (user_id,)
        ).fetchone()
        return row is not None

    def sessions_since(self, user_id: str, since: datetime) -> list[ComputeSession]:
        """The user's sessions that started at ``since`` or later, oldest first."""
        rows = self._db.execute(
            "SELECT * FROM compute_sessions WHERE user_id = ? AND start_time >= ?"
            " ORDER BY start_time",
            (user_id, utc_iso(since)),
        ).fetchall()
        return [_record(ComputeSession, row) for row in rows]
