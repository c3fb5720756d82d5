"""Compute routes without a hub: usage, the subscription server kept in the store,
profiles and on-demand instances, with the admin routes that set them up."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import httpx
import pytest
from emulator_checks import HEX24, ISO_Z, data_of, error_of

from jupyterlab_qbraid.emulator.process import EmulatorError

CLUSTER = "qbraid-demo-cluster"
CAN_STOP = "bma-demo-vm-cpu-8-32-3f9a1c2e"
CANNOT_STOP = "bma-demo-vm-gpu-l4-7b4d2e91"
STOPPED = "bma-demo-vm-cpu-8-32-c05e8a17"
INSTANCES = "/compute/bma/instances"


def usage(api: httpx.Client, **params: object) -> dict:
    data = data_of(api.get("/compute-sessions/usage", params=params))
    assert set(data) == {"days", "timezone", "usageData"}
    return data["usageData"]


# Usage


def test_usage_of_the_demo_month(shared_api):
    report = usage(shared_api, days=30, timezone="UTC")
    assert report["computeHours"] == {"used": 120.5, "total": 400, "remaining": 279.5}
    assert report["diskUsage"] == {"totalGB": 3.2, "quotaGB": 50}
    assert report["summary"] == {
        "totalHours": 64.75,
        "totalCreditsCharged": 675,
        "totalComputeHoursDeducted": 120.5,
        "totalSessions": 23,
        "cpuSessions": 20,
        "gpuSessions": 3,
    }
    daily = report["daily"]
    today = datetime.now(timezone.utc).date()
    assert [row["date"] for row in daily] == [
        (today - timedelta(days=n)).isoformat() for n in range(29, -1, -1)
    ]
    assert sum(row["sessionCount"] for row in daily) == 23
    assert sum(row["computeHoursDeducted"] for row in daily) == pytest.approx(120.5)
    busy = next(row for row in daily if "gpu" in row["byType"])
    assert busy["profiles"] == ["cpu-2-4", "gpu-t4"]
    assert set(busy["byType"]) == {"cpu", "gpu"}
    assert busy["byType"]["gpu"]["computeHoursDeducted"] == 0
    assert busy["byType"]["gpu"]["creditsCharged"] > 0
    assert daily[-1] == {
        "date": today.isoformat(),
        "totalHours": 0,
        "creditsCharged": 0,
        "computeHoursDeducted": 0,
        "profiles": [],
        "sessionCount": 0,
        "byType": {},
    }


def test_days_are_dated_in_the_time_zone_asked_for(shared_api):
    # The GPU sessions start at 23:30 UTC: the next day in Tokyo.
    def gpu_days(zone: str) -> list[date]:
        report = usage(shared_api, timezone=zone)
        return [date.fromisoformat(r["date"]) for r in report["daily"] if "gpu" in r["byType"]]

    utc, tokyo = gpu_days("UTC"), gpu_days("Asia/Tokyo")
    assert len(utc) == 3 and tokyo == [day + timedelta(days=1) for day in utc]
    data = data_of(shared_api.get("/compute-sessions/usage", params={"timezone": "Asia/Tokyo"}))
    assert data["timezone"] == "Asia/Tokyo" and data["days"] == 30
    assert (
        data["usageData"]["daily"][-1]["date"]
        == datetime.now(ZoneInfo("Asia/Tokyo")).date().isoformat()
    )


def test_a_shorter_window(shared_api):
    report = usage(shared_api, days=7)
    assert len(report["daily"]) == 7
    assert report["summary"]["totalSessions"] == sum(r["sessionCount"] for r in report["daily"])
    assert report["summary"]["totalSessions"] < 23
    # This month's hours do not depend on the window.
    assert report["computeHours"]["used"] == 120.5


@pytest.mark.parametrize(
    "params",
    [{"days": 0}, {"days": 366}, {"days": "x"}, {"timezone": "Mars/Base"}, {"timezone": "../x"}],
)
def test_usage_refuses_bad_parameters(shared_api, params):
    response = shared_api.get("/compute-sessions/usage", params=params)
    assert error_of(response, 400, "VALIDATION_ERROR")


def test_compute_hours_follow_the_admin_state(api, emulator):
    emulator.patch_state(cpu_hours={"used": 410, "quota": 400})
    assert usage(api)["computeHours"] == {"used": 410, "total": 400, "remaining": 0}
    emulator.patch_state(subscription_tier="pro")
    assert data_of(api.get("/users/verify"))["subscriptionTier"] == "pro"


def test_past_sessions_newest_first(shared_api):
    data = data_of(shared_api.get("/compute-sessions", params={"limit": 5}))
    assert data["total"] == 23 and len(data["sessions"]) == 5
    starts = [session["startTime"] for session in data["sessions"]]
    assert starts == sorted(starts, reverse=True)
    gpu = data_of(shared_api.get("/compute-sessions", params={"sessionType": "gpu"}))
    assert gpu["total"] == 3
    assert {s["profileSlug"] for s in gpu["sessions"]} == {"gpu-t4"}


# The subscription server, without a hub


def test_the_demo_server_runs(shared_api):
    data = data_of(shared_api.get("/compute/servers/status"))
    assert data["clusterId"] == CLUSTER
    assert (data["serverRunning"], data["serverStarting"]) == (True, False)
    assert data["currentProfile"] == "cpu-2-4"
    details = data["serverDetails"]
    assert (details["ready"], details["url"], data["url"]) == (True, "/user/demo/", "/user/demo/")
    assert ISO_Z.fullmatch(details["started"])
    assert data["userInfo"]["name"] == "demo"
    assert data["userInfo"]["servers"] == {"": details}
    assert data_of(shared_api.get("/compute/servers/status", params={"clusterId": CLUSTER})) == data


def test_an_unknown_cluster_is_refused(shared_api):
    for method, path in (
        ("GET", "/compute/servers/status"),
        ("DELETE", "/compute/servers/stop"),
        ("GET", "/compute/servers/session-token"),
    ):
        response = shared_api.request(method, path, params={"clusterId": "elsewhere"})
        assert error_of(response, 400, "CLUSTER_NOT_FOUND") == "Cluster not found."


def test_stop_the_server_then_it_is_stopped(api):
    data = data_of(api.delete("/compute/servers/stop", params={"clusterId": CLUSTER}))
    assert data == {
        "message": "Stopping the server of demo on qbraid-demo-cluster.",
        "clusterId": CLUSTER,
        "status": "stopping",
    }
    status = data_of(api.get("/compute/servers/status"))
    assert (status["serverRunning"], status["serverStarting"]) == (False, False)
    assert (status["currentProfile"], status["serverDetails"]) == (None, None)
    message = error_of(api.delete("/compute/servers/stop"), 400, "BAD_STATE")
    assert message == "No server is running on this cluster."


def test_the_admin_route_sets_the_server(api, emulator):
    stopped = emulator.set_server("stopped")
    assert stopped["serverRunning"] is False
    starting = emulator.set_server("starting", profile_slug="gpu-t4")
    assert (starting["serverStarting"], starting["currentProfile"]) == (True, "gpu-t4")
    assert starting["serverDetails"]["pending"] == "spawn"
    running = emulator.set_server("running")
    assert running == data_of(api.get("/compute/servers/status"))
    assert (running["serverRunning"], running["currentProfile"]) == (True, "gpu-t4")


def test_another_user_has_no_server_until_an_admin_starts_one(client_for, emulator):
    other = emulator.create_user(user_name="ada")
    api = client_for(other["apiKey"])
    assert data_of(api.get("/compute/servers/status"))["serverRunning"] is False
    assert error_of(api.delete("/compute/servers/stop"), 400, "BAD_STATE")
    emulator.set_server("running", user_name="ada")
    assert data_of(api.get("/compute/servers/status"))["currentProfile"] == "cpu-2-4"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"state": "sleeping"},
        {"state": "running", "profileSlug": "vm-cpu-8-32"},
        {"state": "running", "profileSlug": "nope"},
        {"state": "running", "clusterId": 3},
        {"state": "running", "colour": "red"},
    ],
)
def test_the_server_admin_route_refuses_bad_bodies(emulator_process, body):
    response = httpx.patch(emulator_process.base + "/__emulator__/servers", json=body)
    assert error_of(response, 400, "VALIDATION_ERROR")


def test_a_session_token_without_a_hub_is_the_emulators_own(shared_api):
    data = data_of(shared_api.get("/compute/servers/session-token"))
    token = data["token"]
    assert data["clusterId"] == CLUSTER
    assert set(token) == {"token", "id", "user", "scopes", "note", "created", "expires_at"}
    assert token["user"] == "demo" and isinstance(token["id"], str)
    assert token["scopes"] == ["read:servers!user=demo", "delete:servers!user=demo"]
    assert ISO_Z.fullmatch(token["created"]) and ISO_Z.fullmatch(token["expires_at"])
    assert (
        data_of(shared_api.get("/compute/servers/session-token"))["token"]["token"]
        != (token["token"])
    )


# Profiles


def test_the_profile_list(shared_api):
    profiles = data_of(shared_api.get("/compute/profiles"))
    assert [p["slug"] for p in profiles] == [
        "cpu-2-4",
        "cpu-4-16",
        "gpu-t4",
        "vm-cpu-8-32",
        "vm-gpu-l4",
    ]
    demo = profiles[0]
    assert demo["displayName"] == "2 vCPU, 4 GB"
    assert (demo["cpuLimit"], demo["memLimit"], demo["creditCost"]) == (2, "4G", 0.23)
    assert (demo["clusterId"], demo["spawnerType"], demo["gpu"]) == (CLUSTER, "kubespawner", False)
    assert {p["slug"] for p in profiles if p["spawnerType"] == "docker-vm"} == {
        "vm-cpu-8-32",
        "vm-gpu-l4",
    }


@pytest.mark.parametrize(
    ("params", "slugs"),
    [
        ({"gpu": "true"}, ["gpu-t4", "vm-gpu-l4"]),
        ({"gpu": "false", "plan": "standard"}, ["cpu-2-4", "vm-cpu-8-32"]),
        ({"hasCapacity": "false"}, ["vm-gpu-l4"]),
        ({"clusterId": CLUSTER}, ["cpu-2-4", "cpu-4-16", "gpu-t4"]),
        ({"visibility": "private"}, []),
        ({"sortBy": "creditCost", "sortOrder": "desc", "limit": 2}, ["vm-gpu-l4", "gpu-t4"]),
        ({"sortBy": "slug", "page": 2, "limit": 2}, ["gpu-t4", "vm-cpu-8-32"]),
    ],
)
def test_the_profile_list_filters(shared_api, params, slugs):
    assert [p["slug"] for p in data_of(shared_api.get("/compute/profiles", params=params))] == slugs


@pytest.mark.parametrize(
    "params", [{"gpu": "yes"}, {"sortBy": "price"}, {"sortOrder": "up"}, {"limit": 0}]
)
def test_the_profile_list_refuses_bad_filters(shared_api, params):
    assert error_of(shared_api.get("/compute/profiles", params=params), 400, "VALIDATION_ERROR")


def test_one_profile_in_detail(shared_api):
    data = data_of(shared_api.get("/compute/profiles/cpu-2-4"))
    assert HEX24.fullmatch(data.pop("_id"))
    assert data == {
        "slug": "cpu-2-4",
        "display_name": "2 vCPU, 4 GB",
        "description": "The standard Lab server: small notebooks and simulations.",
        "plan": "standard",
        "rateDollar": 0.138,
        "rateTimeFrame": "hour",
        "visibility": "public",
        "gpu": False,
        "ide": "jupyterlab",
        "clusterId": CLUSTER,
        "hasCapacity": True,
        "spawnerType": "kubespawner",
        "resources": {"cpu": {"guarantee": 1, "limit": 2}, "memory": {"guarantee": 4, "limit": 4}},
        "pricing": {
            "rateDollar": 0.138,
            "rateTimeFrame": "hour",
            "rateRatioOffered": 1,
            "isFree": False,
            "creditCostPerMinute": 0.23,
        },
    }


def test_an_unknown_profile_is_404(shared_api):
    response = shared_api.get("/compute/profiles/nope")
    assert error_of(response, 404, "PROFILE_NOT_FOUND") == "Profile not found."


# On-demand instances


def test_the_demo_instances(shared_api):
    instances = data_of(shared_api.get(INSTANCES))
    assert [(i["instanceId"], i["status"], i["supportsStop"]) for i in instances] == [
        (CAN_STOP, "running", True),
        (CANNOT_STOP, "running", False),
        (STOPPED, "stopped", True),
    ]
    running = instances[0]
    assert running["url"] == "https://bma-3f9a1c2e.lab.example.com/user/demo/lab"
    assert (running["ready"], running["pending"]) == (True, None)
    assert (running["runningCreditsPerMin"], running["stoppedCreditsPerMin"]) == (0.9, 0.02)
    assert (running["autoStopIdleMinutes"], running["maxSessionMinutes"]) == (60, 480)
    assert ISO_Z.fullmatch(running["runningAt"]) and running["stoppedAt"] is None
    assert (instances[2]["url"], instances[2]["ready"]) == (None, False)
    assert ISO_Z.fullmatch(instances[2]["stoppedAt"])
    assert data_of(shared_api.get(f"{INSTANCES}/{CAN_STOP}")) == running


def test_stop_an_instance(api):
    stopping = data_of(api.post(f"{INSTANCES}/{CAN_STOP}/stop"))
    assert (stopping["status"], stopping["pending"], stopping["instanceId"]) == (
        "stopping",
        "stop",
        CAN_STOP,
    )
    stopped = data_of(api.get(f"{INSTANCES}/{CAN_STOP}"))
    assert (stopped["status"], stopped["url"]) == ("stopped", None)
    assert ISO_Z.fullmatch(stopped["stoppedAt"])
    message = error_of(api.post(f"{INSTANCES}/{CAN_STOP}/stop"), 400, "BAD_STATE")
    assert message == "Instance not running."


def test_an_instance_that_cannot_stop_is_refused(api):
    response = api.post(f"{INSTANCES}/{CANNOT_STOP}/stop")
    message = error_of(response, 400, "STOP_NOT_SUPPORTED")
    assert message == "This instance cannot be stopped, only terminated."
    assert data_of(api.get(f"{INSTANCES}/{CANNOT_STOP}"))["status"] == "running"


def test_a_stopped_instance_is_bad_state(shared_api):
    response = shared_api.post(f"{INSTANCES}/{STOPPED}/stop")
    assert error_of(response, 400, "BAD_STATE") == "Instance not running."


@pytest.mark.parametrize(("method", "suffix"), [("GET", ""), ("PATCH", ""), ("POST", "/stop")])
def test_an_unknown_instance_is_404(shared_api, method, suffix):
    body = {"displayName": "x"} if method == "PATCH" else None
    response = shared_api.request(method, f"{INSTANCES}/bma-nope-1234{suffix}", json=body)
    assert error_of(response, 404, "INSTANCE_NOT_FOUND") == "Instance not found."


def test_patch_sets_cutoffs_and_answers_what_it_set(api):
    data = data_of(
        api.patch(
            f"{INSTANCES}/{CAN_STOP}", json={"autoStopIdleMinutes": 10080, "maxSessionMinutes": 0}
        )
    )
    assert data == {
        "instanceId": CAN_STOP,
        "displayName": "Simulation box",
        "autoStopIdleMinutes": 10080,
        "maxSessionMinutes": 0,
    }
    data = data_of(api.patch(f"{INSTANCES}/{CAN_STOP}", json={"maxSessionMinutes": 43200}))
    assert data == {
        "instanceId": CAN_STOP,
        "displayName": "Simulation box",
        "maxSessionMinutes": 43200,
    }
    instance = data_of(api.get(f"{INSTANCES}/{CAN_STOP}"))
    assert (instance["autoStopIdleMinutes"], instance["maxSessionMinutes"]) == (10080, 43200)


def test_patch_renames_and_clears_the_name(api):
    assert data_of(api.patch(f"{INSTANCES}/{STOPPED}", json={"displayName": "Kept"})) == {
        "instanceId": STOPPED,
        "displayName": "Kept",
    }
    data_of(api.patch(f"{INSTANCES}/{STOPPED}", json={"displayName": ""}))
    assert data_of(api.get(f"{INSTANCES}/{STOPPED}"))["displayName"] is None


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"autoStopIdleMinutes": 10081}, "VALIDATION_ERROR"),
        ({"autoStopIdleMinutes": -1}, "VALIDATION_ERROR"),
        ({"maxSessionMinutes": 43201}, "VALIDATION_ERROR"),
        ({"maxSessionMinutes": 30.5}, "VALIDATION_ERROR"),
        ({"maxSessionMinutes": "60"}, "VALIDATION_ERROR"),
        ({"autoStopIdleMinutes": True}, "VALIDATION_ERROR"),
        ({"displayName": "x" * 65}, "VALIDATION_ERROR"),
        ({"status": "running"}, "VALIDATION_ERROR"),
        ({}, "NOTHING_TO_UPDATE"),
    ],
)
def test_patch_refuses_what_the_platform_refuses(shared_api, body, code):
    response = shared_api.patch(f"{INSTANCES}/{CAN_STOP}", json=body)
    assert error_of(response, 400, code)
    instance = data_of(shared_api.get(f"{INSTANCES}/{CAN_STOP}"))
    assert (instance["autoStopIdleMinutes"], instance["maxSessionMinutes"]) == (60, 480)


def test_history_and_availability(shared_api):
    response = shared_api.get(f"{INSTANCES}/history", params={"limit": 2})
    body = response.json()
    assert [row["instanceId"] for row in body["data"]] == [CAN_STOP, CANNOT_STOP]
    assert body["pagination"] == {"page": 1, "limit": 2, "total": 3, "hasNext": True}
    availability = data_of(shared_api.get("/compute/bma/availability"))
    assert {p["slug"]: p["hasCapacity"] for p in availability["profiles"]} == {
        "vm-cpu-8-32": True,
        "vm-gpu-l4": False,
    }


def test_the_admin_routes_create_and_change_instances(api, emulator):
    created = emulator.create_instance(
        instance_id="bma-demo-vm-cpu-8-32-0badcafe",
        status="stopped",
        supports_stop=False,
        display_name="Made by a test",
        running_credits_per_min=1.25,
    )
    assert created["userName"] == "demo"
    assert (created["status"], created["supportsStop"], created["runningCreditsPerMin"]) == (
        "stopped",
        False,
        1.25,
    )
    listed = data_of(api.get(INSTANCES))
    assert listed[-1] == {k: v for k, v in created.items() if k != "userName"}
    changed = emulator.patch_instance(created["instanceId"], status="running", supports_stop=True)
    assert (changed["status"], changed["stoppedAt"]) == ("running", None)
    assert data_of(api.post(f"{INSTANCES}/{created['instanceId']}/stop"))["status"] == "stopping"
    made_up = emulator.create_instance(profile_slug="vm-gpu-l4")
    assert made_up["instanceId"].startswith("bma-demo-vm-gpu-l4-")
    assert (made_up["status"], made_up["runningCreditsPerMin"]) == ("running", 8.5)
    with pytest.raises(EmulatorError, match="409"):
        emulator.create_instance(instance_id=created["instanceId"])
    with pytest.raises(EmulatorError, match="404 Instance not found"):
        emulator.patch_instance("bma-nope-0000", status="running")
    emulator.patch_instance(CAN_STOP, status="terminated")
    assert error_of(api.get(f"{INSTANCES}/{CAN_STOP}"), 404, "INSTANCE_NOT_FOUND")


def test_instances_of_another_user(api, client_for, emulator):
    ada = emulator.create_user(user_name="ada")
    emulator.create_instance(user_name="ada", instance_id="bma-demo-vm-cpu-8-32-00ada000")
    [instance] = data_of(client_for(ada["apiKey"]).get(INSTANCES))
    assert instance["instanceId"] == "bma-demo-vm-cpu-8-32-00ada000"
    assert instance["url"] == "https://bma-00ada000.lab.example.com/user/ada/lab"
    assert error_of(api.get(f"{INSTANCES}/{instance['instanceId']}"), 404, "INSTANCE_NOT_FOUND")


@pytest.mark.parametrize(
    "body",
    [
        {"instanceId": "vm-1"},
        {"profileSlug": "cpu-2-4"},
        {"status": "asleep"},
        {"supportsStop": "yes"},
        {"runningCreditsPerMin": -1},
        {"persistentDiskGb": 0},
        {"colour": "red"},
    ],
)
def test_the_instance_admin_route_refuses_bad_bodies(emulator_process, body):
    response = httpx.post(emulator_process.base + "/__emulator__/instances", json=body)
    assert error_of(response, 400, "VALIDATION_ERROR")
