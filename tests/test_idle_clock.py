"""The idle clock alone, with a clock of the test's own for now()."""

from datetime import datetime, timedelta, timezone

import pytest

from jupyterlab_qbraid.idle.clock import RUNNING, SAVING, STOPPING, WARNING, IdleClock

START = datetime(2026, 11, 29, 10, 0, tzinfo=timezone.utc)
GRACE = 60
SAVE = 30


class Time:
    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now

    def pass_(self, seconds):
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def time():
    return Time()


@pytest.fixture
def clock(time):
    clock = IdleClock(time, GRACE, SAVE)
    clock.set_limit(10 * 60)
    return clock


def test_off_without_a_limit(time):
    clock = IdleClock(time, GRACE, SAVE)
    time.pass_(10**6)
    assert not clock.tick(tabs_open=0, all_saved=True)
    assert clock.state().next_stop_at is None
    assert clock.next_deadline() is None


def test_no_tab_open_stops_as_soon_as_the_limit_passes(clock, time):
    time.pass_(10 * 60 - 1)
    assert not clock.tick(0, True)
    assert clock.seconds_to_deadline() == 1
    time.pass_(1)
    assert clock.tick(0, True)
    assert clock.phase == STOPPING
    # Once only.
    assert not clock.tick(0, True)


def test_open_tabs_are_warned_then_asked_to_save_then_the_instance_stops(clock, time):
    time.pass_(10 * 60)
    assert not clock.tick(2, False)
    state = clock.state()
    assert state.phase == WARNING
    assert state.warning_ends_at == time.now + timedelta(seconds=GRACE)
    assert state.next_stop_at == state.warning_ends_at
    time.pass_(GRACE)
    assert not clock.tick(2, False)
    assert clock.phase == SAVING
    assert clock.state().warning_ends_at is None
    assert clock.tick(2, True)
    assert clock.phase == STOPPING


def test_saving_is_bounded(clock, time):
    time.pass_(10 * 60)
    clock.tick(1, False)
    time.pass_(GRACE)
    clock.tick(1, False)
    time.pass_(SAVE - 1)
    assert not clock.tick(1, False)
    time.pass_(1)
    assert clock.tick(1, False)


def test_the_last_tab_leaving_ends_the_wait(clock, time):
    time.pass_(10 * 60)
    clock.tick(1, False)
    time.pass_(GRACE)
    assert clock.tick(0, True)


def test_activity_puts_the_stop_off(clock, time):
    time.pass_(9 * 60)
    clock.activity()
    assert clock.state().next_stop_at == time.now + timedelta(minutes=10, seconds=GRACE)
    time.pass_(9 * 60)
    assert not clock.tick(0, True)
    assert clock.phase == RUNNING


@pytest.mark.parametrize("phase_seconds", [10 * 60, 10 * 60 + GRACE])
def test_activity_during_the_warning_or_saving_goes_back_to_running(clock, time, phase_seconds):
    time.pass_(10 * 60)
    clock.tick(1, False)
    time.pass_(phase_seconds - 10 * 60)
    clock.tick(1, False)
    time.pass_(1)
    clock.activity()
    assert clock.phase == RUNNING
    assert clock.last_activity == time.now


def test_activity_from_before_the_warning_does_not_cancel_it(clock, time):
    time.pass_(10 * 60)
    clock.tick(1, False)
    clock.activity(START + timedelta(minutes=5))
    assert clock.phase == WARNING


def test_keep_running_starts_the_limit_again(clock, time):
    time.pass_(10 * 60)
    clock.tick(2, False)
    clock.keep_running()
    assert clock.phase == RUNNING
    assert clock.next_deadline() == time.now + timedelta(minutes=10)


def test_a_new_limit_calls_off_a_warning_and_counts_from_the_last_activity(clock, time):
    time.pass_(10 * 60)
    clock.tick(1, False)
    clock.set_limit(20 * 60)
    assert clock.phase == RUNNING
    assert clock.next_deadline() == START + timedelta(minutes=20)
    clock.set_limit(0)
    assert clock.state().next_stop_at is None
    assert clock.state().limit_seconds is None


def test_a_failed_stop_starts_over(clock, time):
    time.pass_(10 * 60)
    assert clock.tick(0, True)
    clock.activity()
    clock.keep_running()
    assert clock.phase == STOPPING
    time.pass_(5)
    clock.stop_failed()
    assert clock.phase == RUNNING
    assert clock.next_deadline() == time.now + timedelta(minutes=10)
