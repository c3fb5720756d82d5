"""Which credential and which base URL every upstream call uses, picked as qBraid's client does.

Credential, first present wins: an access token (qbraidrc `access-token`, then
QBRAID_ACCESS_TOKEN), sent as X-Access-Token instead of any key; else Lab's active API key
(a key made active this session only, the qbraidrc `api-key`, then QBRAID_API_KEY), sent
as X-API-Key.

Base URL, first set wins: the deployment's `c.QbraidAccount.api_url`; QBRAID_API_URL; the
host a white-label key carries, when that key is the credential; the qbraidrc `url`, unless
it points at the legacy platform; else production.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from urllib.parse import urlparse

from .api_key_format import key_api_url, key_hint
from .credentials import ActiveKey, CredentialState, CredentialStore
from .translation import _

PRODUCTION_API_URL = "https://api-v2.qbraid.com/api/v1"
API_URL_VARIABLE = "QBRAID_API_URL"
ACCESS_TOKEN = "accessToken"
API_KEY = "apiKey"
# What qBraid's CLI accepts as a url: http(s) and no spaces.
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Credential:
    """What an upstream call authenticates with; the secret never leaves in an answer."""

    kind: str  # ACCESS_TOKEN or API_KEY
    secret: str = field(repr=False)
    source: str  # "qbraidrc" or "environment"

    @property
    def header(self) -> str:
        return "X-Access-Token" if self.kind == ACCESS_TOKEN else "X-API-Key"

    def worded(self, access_token: str, api_key: str) -> str:
        """The message that names this kind of credential: each kind has its own whole
        sentence, so that translations need not glue a name into one."""
        return access_token if self.kind == ACCESS_TOKEN else api_key

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "hint": key_hint(self.secret), "source": self.source}


@dataclass
class Connection:
    credential: Credential | None
    api_url: str
    api_url_source: str  # deployment, environment, key, qbraidrc, default
    state: CredentialState
    notices: list[str] = field(default_factory=list)

    @property
    def key(self) -> ActiveKey | None:
        """Lab's active API key (kernels, qbraidrc), whatever the credential is."""
        return self.state.active


def is_legacy_url(url: str) -> bool:
    """The retired platform: api.qbraid.com/api, with its own header and bodies."""
    parsed = urlparse(url)
    return parsed.hostname == "api.qbraid.com" and not parsed.path.rstrip("/").endswith("/v1")


class ConnectionResolver:
    def __init__(
        self,
        store: CredentialStore,
        deployment_url: str | None = None,
        environ: MutableMapping[str, str] | None = None,
    ):
        self.store = store
        # Changed by tests at run time, as a deployment's config would be.
        self.deployment_url = deployment_url
        self.environ = store.environ if environ is None else environ

    def resolve(self) -> Connection:
        state = self.store.state()
        credential = _credential(state)
        key_url = (
            key_api_url(credential.secret) if credential and credential.kind == API_KEY else None
        )
        api_url, source, notices = self.api_url(state.file_url, key_url)
        return Connection(credential, api_url, source, state, notices)

    def api_url(self, file_url: str | None, key_url: str | None) -> tuple[str, str, list[str]]:
        """The base URL, where it came from, and what the person should know about it."""
        notices: list[str] = []
        if self.deployment_url:
            return _strip(self.deployment_url), "deployment", notices
        env_url = self.environ.get(API_URL_VARIABLE, "").strip()
        if env_url:
            if _URL.fullmatch(env_url):
                return _strip(env_url), "environment", notices
            notices.append(
                _("{variable} is not an http(s) URL and was ignored.").format(
                    variable=API_URL_VARIABLE
                )
            )
        if key_url:
            return key_url, "key", notices
        if file_url:
            if is_legacy_url(file_url):
                notices.append(
                    _(
                        "The qbraidrc points at the legacy qBraid API ({url}), which this "
                        "extension does not support; using {production} instead."
                    ).format(url=file_url, production=PRODUCTION_API_URL)
                )
            elif _URL.fullmatch(file_url):
                return _strip(file_url), "qbraidrc", notices
            else:
                notices.append(_("The qbraidrc's url is not an http(s) URL and was ignored."))
        return PRODUCTION_API_URL, "default", notices


def _credential(state: CredentialState) -> Credential | None:
    if state.access_token is not None:
        return Credential(ACCESS_TOKEN, state.access_token.token, state.access_token.source)
    if state.active is not None:
        return Credential(API_KEY, state.active.api_key, state.active.source)
    return None


def _strip(url: str) -> str:
    return url.rstrip("/")
