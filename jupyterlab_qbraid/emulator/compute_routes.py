"""/api/v1 compute routes: usage and past sessions, the subscription server, profiles,
on-demand instances (with their history and the profiles' availability).

With a JupyterHub (``--hub-api-url``) the server routes act on the hub's user of the same
name; without one, on the server record in the store.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

from . import compute, compute_views, errors, validation
from .catalog import CLUSTER_IDS, DEMO_CLUSTER_ID, PROFILES, PROFILES_BY_SLUG
from .errors import ApiError
from .handlers import ApiHandler
from .hub import TOKEN_LIFETIME_SECONDS, TOKEN_NOTE, Hub, HubError, token_scopes
from .store import utc_iso

log = logging.getLogger(__name__)

PROFILE_NOT_FOUND = "Profile not found."
# Server details JupyterHub sends that qBraid's model of them knows.
_SERVER_FIELDS = (
    "name",
    "ready",
    "pending",
    "url",
    "progress_url",
    "started",
    "last_activity",
    "state",
    "user_options",
)
_USER_FIELDS = ("name", "admin", "groups", "kind", "created", "last_activity", "servers")


class UsageHandler(ApiHandler):
    def get(self) -> None:
        days, zone = self.checked(
            validation.usage_query,
            self.get_query_argument("days", None),
            self.get_query_argument("timezone", None),
        )
        organization = self.emulator.store.get_organization(self.caller.organization_id)
        assert organization is not None
        report = compute.usage_report(
            self.emulator.store,
            self.caller.user_id,
            organization,
            days,
            zone,
            datetime.now(timezone.utc),
        )
        self.write_data({"days": days, "timezone": zone.key, "usageData": report})


class SessionsHandler(ApiHandler):
    """Past sessions, newest first; only finished ones exist in the emulator."""

    def get(self) -> None:
        argument = self.get_query_argument
        limit = self.checked(
            validation.positive_int, argument("limit", None), "limit", 20, validation.MAX_PAGE_SIZE
        )
        days = self.checked(
            validation.positive_int, argument("days", None), "days", 30, validation.MAX_USAGE_DAYS
        )
        offset = self.checked(validation.offset, argument("offset", None))
        since = datetime.now(timezone.utc) - timedelta(days=days)
        sessions = [
            session
            for session in reversed(self.emulator.store.sessions_since(self.caller.user_id, since))
            if argument("sessionType", None) in (None, session.session_type)
            and argument("status", None) in (None, "completed")
        ]
        page = sessions[offset : offset + limit]
        user = self.caller_user
        self.write_data(
            {
                "sessions": [compute_views.session_record(s, user, DEMO_CLUSTER_ID) for s in page],
                "total": len(sessions),
            }
        )


class ServerHandler(ApiHandler):
    """Base of the subscription server routes: the cluster asked for, and the hub."""

    def cluster_id(self) -> str:
        return self.checked(
            validation.cluster_id, self.get_query_argument("clusterId", None), CLUSTER_IDS
        )

    async def on_hub(self, action: Any) -> Any:
        """Run ``action(hub, user_name)``; a hub failure is a 502 that names it."""
        assert self.emulator.hub is not None
        user_name = self.caller_user.user_name
        try:
            return await action(self.emulator.hub, user_name)
        except HubError as err:
            log.warning("JupyterHub failed for %s: %s", user_name, err)
            raise ApiError(502, str(err), errors.HUB_ERROR) from None


class ServerStatusHandler(ServerHandler):
    async def get(self) -> None:
        cluster_id = self.cluster_id()
        store, user = self.emulator.store, self.caller_user
        if self.emulator.hub is None:
            self.write_data(compute.local_server_status(store, user, cluster_id))
            return
        model = await self.on_hub(Hub.user)
        server = (model or {}).get("servers", {}).get("")
        details = (
            {name: server[name] for name in _SERVER_FIELDS if name in server} if server else None
        )
        record = store.get_server(user.id, cluster_id)
        self.write_data(
            compute_views.server_status(
                cluster_id,
                running=bool(server and server.get("ready")),
                starting=bool(server and server.get("pending") == "spawn"),
                # The hub knows no profiles: the one the store says this server runs.
                profile_slug=record.profile_slug if record else None,
                details=details,
                user_info={name: model[name] for name in _USER_FIELDS if name in model}
                if model
                else None,
            )
        )


class ServerStopHandler(ServerHandler):
    async def delete(self) -> None:
        cluster_id = self.cluster_id()
        user = self.caller_user
        if self.emulator.hub is None:
            compute.stop_local_server(self.emulator.store, user, cluster_id)
        else:
            model = await self.on_hub(Hub.user)
            if not (model or {}).get("servers", {}).get(""):
                raise ApiError(400, compute.SERVER_NOT_RUNNING, errors.BAD_STATE)
            await self.on_hub(Hub.stop_server)
        self.write_data(
            {
                "message": f"Stopping the server of {user.user_name} on {cluster_id}.",
                "clusterId": cluster_id,
                "status": "stopping",
            }
        )


def _opaque_token(user_name: str) -> dict[str, Any]:
    """Without a hub: a token of the emulator's own, shaped like the hub's, good for nothing."""
    now = datetime.now(timezone.utc)
    return {
        "token": secrets.token_hex(16),
        "id": f"a{secrets.randbelow(10**6)}",
        "user": user_name,
        "scopes": token_scopes(user_name),
        "note": TOKEN_NOTE,
        "created": utc_iso(now),
        "expires_at": utc_iso(now + timedelta(seconds=TOKEN_LIFETIME_SECONDS)),
    }


class SessionTokenHandler(ServerHandler):
    async def get(self) -> None:
        cluster_id = self.cluster_id()
        if self.emulator.hub is None:
            token = _opaque_token(self.caller_user.user_name)
        else:
            model = await self.on_hub(Hub.issue_token)
            token = {
                "token": model["token"],
                "id": str(model.get("id", "")),
                "user": model.get("user") or self.caller_user.user_name,
                "scopes": model.get("scopes") or [],
                "note": model.get("note"),
                "created": model.get("created"),
                "expires_at": model.get("expires_at"),
            }
        self.write_data({"clusterId": cluster_id, "token": token})


class ProfilesHandler(ApiHandler):
    def get(self) -> None:
        filters = self.checked(
            validation.profile_filters, lambda name: self.get_query_argument(name, None)
        )
        self.write_data([compute_views.profile_item(p) for p in compute.profiles_matching(filters)])


class ProfileHandler(ApiHandler):
    def get(self, slug: str) -> None:
        profile = PROFILES_BY_SLUG.get(slug)
        if profile is None:
            raise ApiError(404, PROFILE_NOT_FOUND, errors.PROFILE_NOT_FOUND)
        self.write_data(compute_views.profile_details(profile))


class InstancesHandler(ApiHandler):
    def get(self) -> None:
        user = self.caller_user
        instances = self.emulator.store.list_instances(user.id)
        self.write_data([compute_views.instance_record(i, user) for i in instances])


class InstanceHistoryHandler(ApiHandler):
    def get(self) -> None:
        argument = self.get_query_argument
        page = self.checked(validation.positive_int, argument("page", None), "page", 1)
        limit = self.checked(
            validation.positive_int, argument("limit", None), "limit", 20, validation.MAX_PAGE_SIZE
        )
        instances = self.emulator.store.list_instances(self.caller.user_id)
        now = utc_iso()
        rows = [compute_views.instance_history(i, now) for i in instances]
        # qBraid's client reads the pagination beside the envelope's data.
        self.write_json(
            {
                "success": True,
                "data": rows[(page - 1) * limit : page * limit],
                "pagination": {
                    "page": page,
                    "limit": limit,
                    "total": len(rows),
                    "hasNext": page * limit < len(rows),
                },
            }
        )


class AvailabilityHandler(ApiHandler):
    def get(self) -> None:
        on_demand = [profile for profile in PROFILES if profile.on_demand]
        self.write_data(compute_views.availability(on_demand, utc_iso()))


class InstanceHandler(ApiHandler):
    def get(self, instance_id: str) -> None:
        instance = compute.find_instance(self.emulator.store, instance_id, self.caller.user_id)
        self.write_data(compute_views.instance_record(instance, self.caller_user))

    def patch(self, instance_id: str) -> None:
        store = self.emulator.store
        instance = compute.find_instance(store, instance_id, self.caller.user_id)
        body = self.json_object()
        changes = self.checked(validation.instance_update, body)
        updated = store.update_instance(instance.instance_id, changes)
        record = compute_views.instance_record(updated, self.caller_user)
        # The instance's id and name, and the fields this request set.
        answer = {"instanceId": updated.instance_id, "displayName": updated.display_name}
        answer.update({name: record[name] for name in body})
        self.write_data(answer)


class InstanceStopHandler(ApiHandler):
    def post(self, instance_id: str) -> None:
        store = self.emulator.store
        instance = compute.find_instance(store, instance_id, self.caller.user_id)
        stopping = compute.stop_instance(store, instance)
        self.write_data(compute_views.instance_record(stopping, self.caller_user))


ROUTES = [
    (r"/compute-sessions", SessionsHandler),
    (r"/compute-sessions/usage", UsageHandler),
    (r"/compute/servers/status", ServerStatusHandler),
    (r"/compute/servers/stop", ServerStopHandler),
    (r"/compute/servers/session-token", SessionTokenHandler),
    (r"/compute/profiles", ProfilesHandler),
    (r"/compute/profiles/([^/]+)", ProfileHandler),
    (r"/compute/bma/availability", AvailabilityHandler),
    (r"/compute/bma/instances", InstancesHandler),
    (r"/compute/bma/instances/history", InstanceHistoryHandler),
    (r"/compute/bma/instances/([^/]+)", InstanceHandler),
    (r"/compute/bma/instances/([^/]+)/stop", InstanceStopHandler),
]
