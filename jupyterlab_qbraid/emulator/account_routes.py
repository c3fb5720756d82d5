"""/api/v1 routes of the account: verify, balance, context, jobs and API keys."""

from __future__ import annotations

from . import validation, views
from .errors import ApiError
from .handlers import ApiHandler
from .seed import DEFAULT_SCOPES

NOT_A_MEMBER = "User is not a member of this organization."
ORGANIZATION_REQUIRED = "Organization context required."
KEY_NOT_FOUND = "API key not found."


class VerifyHandler(ApiHandler):
    def get(self) -> None:
        store = self.emulator.store
        membership = store.get_membership(self.caller.user_id, self.caller.organization_id)
        organization = store.get_organization(self.caller.organization_id)
        assert membership is not None and organization is not None
        self.write_data(views.verify_data(self.caller_user, membership, organization))


class BalanceHandler(ApiHandler):
    def get(self) -> None:
        requested = self.get_query_argument("organizationId", None)
        if requested == "":
            raise ApiError(400, ORGANIZATION_REQUIRED)
        if requested is not None and requested != self.caller.organization_id:
            raise ApiError(404, NOT_A_MEMBER)
        organization = self.emulator.store.get_organization(self.caller.organization_id)
        assert organization is not None
        self.write_data(views.balance_data(organization, self.caller.user_id))


class ContextHandler(ApiHandler):
    def get(self) -> None:
        user = self.caller_user
        organizations = self.emulator.store.user_organizations(user.id)
        self.write_data(views.context_data(user, organizations, self.caller.organization_id))


class JobsHandler(ApiHandler):
    """The emulator runs no jobs: every page is empty, and says so in ``pagination``."""

    def get(self) -> None:
        argument = self.get_query_argument
        page = self.checked(validation.positive_int, argument("page", None), "page", 1)
        limit = self.checked(
            validation.positive_int, argument("limit", None), "limit", 10, validation.MAX_PAGE_SIZE
        )
        # qBraid's Python client reads this field beside the envelope's data.
        pagination = views.jobs_pagination(page, limit, total=0)
        self.write_json({"success": True, "data": [], "pagination": pagination})


class KeysHandler(ApiHandler):
    def get(self) -> None:
        keys = self.emulator.store.list_keys(self.caller.user_id, self.caller.organization_id)
        self.write_data([views.key_record(key) for key in keys])

    def post(self) -> None:
        name, scopes = self.checked(validation.new_key, self.json_object(), DEFAULT_SCOPES)
        key, secret = self.emulator.store.create_key(
            self.caller.user_id, self.caller.organization_id, name, scopes
        )
        self.write_data({**views.key_record(key), "key": secret}, status=201)


class KeyHandler(ApiHandler):
    def get(self, key_id: str) -> None:
        key = self.emulator.store.get_key(key_id, self.caller.user_id, self.caller.organization_id)
        if key is None:
            raise ApiError(404, KEY_NOT_FOUND)
        self.write_data(views.key_record(key))

    def delete(self, key_id: str) -> None:
        if not self.emulator.store.revoke_key(
            key_id, self.caller.user_id, self.caller.organization_id
        ):
            raise ApiError(404, KEY_NOT_FOUND)
        self.write_data({"id": key_id, "status": "revoked"})


class KeyRotateHandler(ApiHandler):
    def post(self, key_id: str) -> None:
        rotated = self.emulator.store.rotate_key(
            key_id, self.caller.user_id, self.caller.organization_id
        )
        if rotated is None:
            raise ApiError(404, KEY_NOT_FOUND)
        key, secret = rotated
        self.write_data({**views.key_record(key), "key": secret})


ROUTES = [
    (r"/users/verify", VerifyHandler),
    (r"/users/context", ContextHandler),
    (r"/billing/credits/balance", BalanceHandler),
    (r"/jobs", JobsHandler),
    (r"/api-keys", KeysHandler),
    (r"/api-keys/([^/]+)", KeyHandler),
    (r"/api-keys/([^/]+)/rotate", KeyRotateHandler),
]
