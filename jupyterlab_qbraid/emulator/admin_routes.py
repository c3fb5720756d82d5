"""/__emulator__ admin routes (loopback clients only): faults, state, the request log,
users, access tokens, white-label keys, key records, subscription servers and on-demand
instances.

Bodies name a user by ``userName``; without it, the first user (the demo one). The package
docstring lists every route with its body.
"""

from __future__ import annotations

from typing import Any

from . import compute, errors, validation, views, white_label
from .catalog import DEMO_CLUSTER_ID
from .compute_views import instance_record
from .errors import ApiError
from .handlers import AdminHandler
from .seed import DEFAULT_SCOPES, create_account, new_instance
from .store import ConflictError, Instance, User


class UserAdminHandler(AdminHandler):
    def user_named(self, user_name: str | None) -> tuple[User, str]:
        """The user (the first one when no name is given) and their organization's id."""
        store = self.emulator.store
        user = store.find_user(user_name) if user_name else store.first_user()
        organization_id = store.home_organization_id(user.id) if user else None
        if user is None or organization_id is None:
            raise ApiError(404, "User not found.", errors.USER_NOT_FOUND)
        return user, organization_id

    def instance_answer(self, instance: Instance) -> dict[str, Any]:
        """The instance as the API shows it to its owner, and the owner's name."""
        user = self.emulator.store.get_user(instance.user_id)
        assert user is not None
        return {**instance_record(instance, user), "userName": user.user_name}


class FaultsHandler(AdminHandler):
    def get(self) -> None:
        self.write_data([fault.describe() for fault in self.emulator.faults.active()])

    def post(self) -> None:
        fault = self.checked(self.emulator.faults.add, self.json_object())
        self.write_data(fault.describe(), status=201)

    def delete(self) -> None:
        self.emulator.faults.clear()
        self.write_data([])


class StateHandler(AdminHandler):
    def patch(self) -> None:
        organization_id, changes = self.checked(validation.state_changes, self.json_object())
        store = self.emulator.store
        organization = (
            store.get_organization(organization_id)
            if organization_id
            else store.first_organization()
        )
        if organization is None:
            raise ApiError(404, "Organization not found.")
        updated = store.update_organization(organization.id, changes)
        self.write_data(views.organization_state(updated))


class RequestsHandler(AdminHandler):
    def get(self) -> None:
        limit = self.checked(
            validation.positive_int, self.get_query_argument("limit", None), "limit", None
        )
        self.write_data(self.emulator.requests.entries(limit))

    def delete(self) -> None:
        self.emulator.requests.clear()
        self.write_data([])


class UsersHandler(AdminHandler):
    def post(self) -> None:
        account = self.checked(validation.new_account, self.json_object())
        try:
            user_id, organization_id, secret = create_account(self.emulator.store, **account)
        except ConflictError as err:
            raise ApiError(409, str(err)) from None
        self.write_data(
            {"userId": user_id, "organizationId": organization_id, "apiKey": secret}, status=201
        )


class AccessTokensHandler(UserAdminHandler):
    def post(self) -> None:
        user, organization_id = self.user_named(
            self.checked(validation.access_token_request, self.json_object())
        )
        token, secret = self.emulator.store.create_access_token(user.id, organization_id)
        self.write_data(
            {
                "token": secret,
                "id": token.id,
                "userName": user.user_name,
                "userId": user.id,
                "organizationId": organization_id,
            },
            status=201,
        )


class WhiteLabelKeysHandler(UserAdminHandler):
    def post(self) -> None:
        body = self.json_object()
        user_name, name, prefix, encoded_host = self.checked(validation.white_label_request, body)
        user, organization_id = self.user_named(user_name)
        key, secret = self.emulator.store.create_key(
            user.id, organization_id, name, DEFAULT_SCOPES, white_label=(prefix, encoded_host)
        )
        self.write_data(
            {
                **views.key_record(key),
                "key": secret,
                "host": body["host"],
                "url": white_label.key_url(body["host"]),
                "userName": user.user_name,
            },
            status=201,
        )


class KeyAdminHandler(AdminHandler):
    def patch(self, key_id: str) -> None:
        changes = self.checked(validation.key_change, self.json_object())
        key = self.emulator.store.update_key(key_id, changes)
        if key is None:
            raise ApiError(404, "API key not found.")
        self.write_data(views.key_record(key))


class ServersHandler(UserAdminHandler):
    def patch(self) -> None:
        user_name, cluster_id, state, slug = self.checked(
            validation.server_change, self.json_object()
        )
        user, _organization_id = self.user_named(user_name)
        cluster_id = cluster_id or DEMO_CLUSTER_ID
        store = self.emulator.store
        compute.set_local_server(store, user, cluster_id, state, slug)
        self.write_data(compute.local_server_status(store, user, cluster_id))


class InstancesAdminHandler(UserAdminHandler):
    def post(self) -> None:
        user_name, instance_id, slug, fields = self.checked(
            validation.new_instance, self.json_object()
        )
        user, organization_id = self.user_named(user_name)
        instance = new_instance(user.id, organization_id, slug, instance_id, **fields)
        try:
            self.emulator.store.create_instance(instance)
        except ConflictError as err:
            raise ApiError(409, str(err)) from None
        self.write_data(self.instance_answer(instance), status=201)


class InstanceAdminHandler(UserAdminHandler):
    def patch(self, instance_id: str) -> None:
        changes = self.checked(validation.instance_change, self.json_object())
        store = self.emulator.store
        instance = store.get_instance(instance_id)
        if instance is None:
            raise ApiError(404, compute.INSTANCE_NOT_FOUND, errors.INSTANCE_NOT_FOUND)
        if "status" in changes:
            changes.update(compute.status_changes(instance, changes["status"]))
        self.write_data(self.instance_answer(store.update_instance(instance_id, changes)))


ROUTES = [
    (r"/faults", FaultsHandler),
    (r"/state", StateHandler),
    (r"/requests", RequestsHandler),
    (r"/users", UsersHandler),
    (r"/access-tokens", AccessTokensHandler),
    (r"/white-label-keys", WhiteLabelKeysHandler),
    (r"/api-keys/([^/]+)", KeyAdminHandler),
    (r"/servers", ServersHandler),
    (r"/instances", InstancesAdminHandler),
    (r"/instances/([^/]+)", InstanceAdminHandler),
]
