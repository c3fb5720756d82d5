"""Every open tab hears of a stop: the stop route emits our Jupyter Server event when it
accepts a stop, and again when that stop fails, on the server's event logger (which the
event websocket, /api/events/subscribe, relays to each tab)."""

import asyncio
import logging

import pytest

from jupyterlab_qbraid.stop_events import SCHEMA_ID, StopAnnouncer, StopReason

ORIGIN = "3f1c2a4e-9b7d-4e21-8a6f-0c5d1e2b3a49"


# Every test here runs on a subscription pod (tests/server/conftest.py).
pytestmark = pytest.mark.usefixtures("subscription_pod")


@pytest.fixture
def stop_events(jp_serverapp):
    """The stop events the server emits, in order, as a queue."""
    events: asyncio.Queue = asyncio.Queue()

    async def listen(logger, schema_id, data):
        events.put_nowait(data)

    jp_serverapp.event_logger.add_listener(schema_id=SCHEMA_ID, listener=listen)
    yield events
    jp_serverapp.event_logger.remove_listener(schema_id=SCHEMA_ID, listener=listen)


async def next_event(events: asyncio.Queue) -> dict:
    # The bound only ends a wait for an event that never comes.
    return await asyncio.wait_for(events.get(), 30)


async def test_an_accepted_stop_tells_every_tab_who_asked(fetch_json, configured, stop_events):
    status, body = await fetch_json(
        "instance/stop", method="POST", body={"by": "idle", "idleMinutes": 30, "origin": ORIGIN}
    )
    assert status == 202
    assert body["stop"]["state"] == "stopping"
    assert await next_event(stop_events) == {
        "action": "stopping",
        "by": "idle",
        "idleMinutes": 30,
        "origin": ORIGIN,
    }


async def test_a_stop_without_a_body_is_a_person_s(fetch_json, configured, stop_events):
    # An empty body, as a client that sends none.
    status, _ = await fetch_json("instance/stop", method="POST", body=b"")
    assert status == 202
    assert await next_event(stop_events) == {
        "action": "stopping",
        "by": "person",
        "idleMinutes": None,
        "origin": None,
    }


async def test_a_stop_that_fails_tells_every_tab_it_keeps_running(
    fetch_json, configured, emulator, stop_events
):
    emulator.add_fault(path="compute/servers/stop", status=500, count=1)
    status, _ = await fetch_json("instance/stop", method="POST", body={"origin": ORIGIN})
    assert status == 202
    assert (await next_event(stop_events))["action"] == "stopping"
    assert await next_event(stop_events) == {
        "action": "failed",
        "by": "person",
        "idleMinutes": None,
        "origin": ORIGIN,
    }
    _, instance = await fetch_json("instance")
    assert instance["stop"]["state"] == "failed"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"by": "robot"}, "'by' must be 'person' or 'idle'."),
        ({"by": "idle"}, "'idleMinutes' must be a whole number of minutes, 1 to 10080."),
        (
            {"by": "idle", "idleMinutes": True},
            "'idleMinutes' must be a whole number of minutes, 1 to 10080.",
        ),
        ({"idleMinutes": 5}, "'idleMinutes' goes only with by='idle'."),
        ({"origin": "<script>"}, "'origin' must be up to 64 letters, digits and dashes."),
        ({"origin": "a" * 65}, "'origin' must be up to 64 letters, digits and dashes."),
    ],
)
async def test_a_bad_reason_is_refused_and_nothing_stops(
    fetch_json, configured, emulator, stop_events, body, message
):
    status, answer = await fetch_json("instance/stop", method="POST", body=body)
    assert status == 400
    assert answer["error"]["message"] == message
    _, instance = await fetch_json("instance")
    assert instance["stop"]["state"] == "idle"
    assert stop_events.empty()
    assert not [entry for entry in emulator.requests() if entry["method"] == "DELETE"]


def test_an_event_logger_that_refuses_the_schema_leaves_stops_untold(caplog):
    """As an older jupyter_events might: the stop goes on, the tabs learn of it later."""

    class Refusing:
        emitted = 0

        def register_event_schema(self, schema):
            raise ValueError("redactionPolicies is a required property")

        def emit(self, **_):
            self.emitted += 1

    events = Refusing()
    log = logging.getLogger("test_stop_events")
    with caplog.at_level(logging.WARNING, logger=log.name):
        announcer = StopAnnouncer(events, log)
    announcer.announce("stopping", StopReason())
    assert events.emitted == 0
    assert "Other tabs will not be told of stops: redactionPolicies" in caplog.text
