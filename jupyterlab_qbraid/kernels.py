"""The active API key in every running kernel, kept current as the key changes.

How a value reaches a kernel:

- New kernels copy the server's `os.environ` when they start, so the variable is set there
  first. A pass sets it, then lists the kernels in the same step of the event loop: a kernel
  whose environment was copied before is already listed or still starting (then the pass
  waits for its start), and any later one copies the new value.
- A restart reuses the environment captured at the first start when one was passed (kernels
  of sessions); `update_env` keeps that copy in step. Kernels started without one (plain
  `POST /api/kernels`) read `os.environ` again when they restart.
- A running process changes only from inside: a silent execution of a short snippet in the
  kernel's language (Python, R, Julia), built from JSON literals of checked values only.
- Kernels of other languages keep what they were started with until they restart. So the
  server notes, as each kernel starts or restarts, whether the key was in the environment it
  was launched with (its stored launch env, else the server's own at that moment), and says
  so for such kernels: they still hold the key after it was removed or rotated.

Neither the key nor the code is ever logged; reasons and logs name kernels, not values.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import posixpath
import re
import time
from dataclasses import dataclass
from queue import Empty
from typing import Any

from jupyter_client.kernelspec import NoSuchKernel

from . import errors
from .api_key_format import is_valid_api_key, key_hint
from .credentials import CredentialStore
from .errors import Conflict, InvalidRequest
from .translation import _, ngettext

DEFAULT_VARIABLE = "QBRAID_API_KEY"
MAX_VARIABLE_LENGTH = 128
KERNEL_ACTIONS_SCHEMA = "https://events.jupyter.org/jupyter_server/kernel_actions/v1"

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_EXCEPTION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,80}")

# Per language: (set, unset) templates whose fields get JSON string literals only. Checked
# names and keys hold no '$', '\\' or quotes, so each literal is also a plain string literal
# in R and Julia (no interpolation, no escapes).
_SNIPPETS = {
    "python": (
        "import os as _qbraid_os; _qbraid_os.environ[{name}] = {value}; del _qbraid_os",
        "import os as _qbraid_os; _qbraid_os.environ.pop({name}, None); del _qbraid_os",
    ),
    "r": (
        "invisible(do.call(Sys.setenv, setNames(list({value}), {name})))",
        "invisible(Sys.unsetenv({name}))",
    ),
    "julia": (
        "ENV[{name}] = {value}; nothing",
        "delete!(ENV, {name}); nothing",
    ),
}
SUPPORTED_LANGUAGES = frozenset(_SNIPPETS)
# Variables that the kernel, its libraries or the shell live by: overwriting one with the key
# would break the kernel, and a key in LD_PRELOAD or PYTHONSTARTUP would be read as code.
_RESERVED_VARIABLES = frozenset(
    {
        "PATH",
        "HOME",
        "USER",
        "SHELL",
        "PWD",
        "LANG",
        "TERM",
        "TMPDIR",
        "LD_PRELOAD",
        "LD_LIBRARY_PATH",
        "DYLD_LIBRARY_PATH",
        "DYLD_INSERT_LIBRARIES",
        "PYTHONPATH",
        "PYTHONHOME",
        "PYTHONSTARTUP",
        "JUPYTER_PATH",
        "JULIA_DEPOT_PATH",
        "R_HOME",
        "R_LIBS",
        "R_LIBS_USER",
    }
)


def checked_variable(value: Any) -> str:
    if not isinstance(value, str) or not _VARIABLE.fullmatch(value):
        raise InvalidRequest(
            _(
                "A variable name starts with a letter or '_' and holds only letters, digits and '_'."
            ),
        )
    if len(value) > MAX_VARIABLE_LENGTH:
        raise InvalidRequest(
            ngettext(
                "A variable name may have at most {count} character.",
                "A variable name may have at most {count} characters.",
                MAX_VARIABLE_LENGTH,
            ).format(count=MAX_VARIABLE_LENGTH),
        )
    if value.upper() in _RESERVED_VARIABLES:
        raise InvalidRequest(
            _(
                "{variable} is a variable that kernels need for themselves; choose another name, "
                "such as QBRAID_API_KEY."
            ).format(variable=value),
        )
    return value


def checked_key(value: Any) -> str:
    if not is_valid_api_key(value):
        raise InvalidRequest(_("That is not a qBraid API key; nothing was put into kernels."))
    return value


def checked_assignments(assignments: dict[Any, Any]) -> dict[str, str | None]:
    """Each variable name with a key to set, or None to unset; INVALID_INPUT for anything else."""
    return {
        checked_variable(name): None if value is None else checked_key(value)
        for name, value in assignments.items()
    }


def kernel_code(language: str, assignments: dict[str, str | None]) -> str | None:
    """The snippet that sets (a key) or unsets (None) each variable; None: language not supported.

    Every name and key is checked first, whatever the language, so a bad value is refused
    before any code exists.
    """
    checked = checked_assignments(assignments)
    snippets = _SNIPPETS.get(language)
    if snippets is None:
        return None
    set_template, unset_template = snippets
    lines = [
        unset_template.format(name=json.dumps(name))
        if value is None
        else set_template.format(name=json.dumps(name), value=json.dumps(value))
        for name, value in checked.items()
    ]
    return "\n".join(lines)


def fingerprint(api_key: str) -> str:
    # Records say which key a kernel holds without keeping the key itself around.
    return hashlib.sha256(api_key.encode()).hexdigest()


@dataclass(frozen=True)
class _Record:
    """What one kernel holds under the current variable: a key's fingerprint, or None."""

    fingerprint: str | None
    failure: str | None = None


@dataclass(frozen=True)
class _Launch:
    """What a kernel was (re)started with: under which variable, and a key's fingerprint or None."""

    variable: str
    fingerprint: str | None


@dataclass(frozen=True)
class _Change:
    """One pass: each variable set to a key, or unset (None)."""

    assignments: dict[str, str | None]
    # What a kernel holds under the current variable once the change has reached it.
    outcome: str | None


class KernelKeyInjector:
    """Puts the active key into running kernels, takes it out, and follows key changes."""

    def __init__(
        self,
        kernel_manager: Any,
        session_manager: Any,
        event_logger: Any,
        store: CredentialStore,
        log: logging.Logger,
        timeout: float = 5.0,
        variable: str = DEFAULT_VARIABLE,
        auto_inject: bool = True,
    ):
        """The server's kernel, session and event managers; `timeout`: seconds per kernel;
        the variable and auto-inject as the settings are when the server starts."""
        self.kernel_manager = kernel_manager
        self.session_manager = session_manager
        self.store = store
        self.log = log
        self.timeout = timeout
        self.variable = variable
        self.auto_inject = auto_inject
        self._records: dict[str, _Record] = {}
        self._launched: dict[str, _Launch] = {}
        self._lock = asyncio.Lock()
        # Background passes that follow key changes; held so they are not garbage-collected.
        self._tasks: set[asyncio.Task] = set()
        self._event_logger = event_logger
        store.add_listener(self._key_changed)
        # Starts and restarts reset what a kernel holds to what it was launched with.
        event_logger.add_listener(schema_id=KERNEL_ACTIONS_SCHEMA, listener=self._kernel_action)
        # Kernels started before anyone opens Lab get the key too.
        active = self._active_key()
        if active and self.auto_inject:
            os.environ[self.variable] = active

    # What the routes call

    async def snapshot(self) -> dict[str, Any]:
        active = self._active_key()
        active_print = fingerprint(active) if active else None
        sessions = await self._sessions_by_kernel()
        kernels = []
        for kernel_id in self.kernel_manager.list_kernel_ids():
            try:
                km = self.kernel_manager.get_kernel(kernel_id)
            except KeyError:
                continue
            language = _language(km)
            state, reason, holds = self._state(kernel_id, km, language, active_print)
            kernels.append(
                {
                    "id": kernel_id,
                    "name": km.kernel_name,
                    "language": language,
                    "executionState": getattr(km, "execution_state", None),
                    "sessions": sessions.get(kernel_id, []),
                    "state": state,
                    "reason": reason,
                    # Which key its process holds under the variable, as far as the server
                    # knows: "current" (Lab's active key), "previous" (another), or None.
                    "holds": holds,
                }
            )
        return {
            "variable": self.variable,
            "autoInject": self.auto_inject,
            "keyHint": key_hint(active) if active else None,
            "kernels": kernels,
        }

    async def inject(self) -> dict[str, Any]:
        started = time.monotonic()
        async with self._lock:
            api_key = self._active_key()
            if api_key is None:
                raise Conflict(
                    errors.NOT_CONFIGURED,
                    _("Lab has no qBraid API key to put into kernels: paste a key first."),
                )
            notices = await self._run(
                _Change({self.variable: checked_key(api_key)}, fingerprint(api_key))
            )
        return await self._answer(started, notices, wanted="current")

    async def remove(self) -> dict[str, Any]:
        started = time.monotonic()
        async with self._lock:
            notices = await self._run(_Change({self.variable: None}, None))
        return await self._answer(started, notices, wanted=None)

    async def configure(self, variable: str, auto_inject: bool) -> None:
        """Follow the settings (checked where they are read) into the environment and kernels;
        what a kernel could not take shows in the next snapshot."""
        async with self._lock:
            renamed = variable != self.variable
            turned_on = auto_inject and not self.auto_inject
            turned_off = self.auto_inject and not auto_inject
            old_variable = self.variable
            self.variable, self.auto_inject = variable, auto_inject
            api_key = self._active_key()
            assignments: dict[str, str | None] = {old_variable: None} if renamed else {}
            if turned_off:
                # Off means nowhere: not in the server's environment, nor in any kernel.
                assignments[variable] = None
            if renamed:
                # The records spoke of the old name; under the new one nothing was put yet.
                self._records.clear()
            inject = (
                auto_inject
                and api_key is not None
                and (renamed or turned_on or not self._up_to_date(api_key))
            )
            if inject:
                assignments[variable] = checked_key(api_key)
            if assignments:
                outcome = fingerprint(api_key) if inject else None
                await self._run(_Change(assignments, outcome))

    async def close(self) -> None:
        self._event_logger.remove_listener(
            schema_id=KERNEL_ACTIONS_SCHEMA, listener=self._kernel_action
        )
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # Following the key

    def _key_changed(self, api_key: str | None) -> None:
        """Called by the store after every save and clear; the pass reads the key itself."""
        if not self.auto_inject:
            return
        # Save and clear run inside request handlers, on the server's event loop.
        task = asyncio.get_running_loop().create_task(self._follow())
        self._tasks.add(task)
        task.add_done_callback(self._follow_done)

    async def _follow(self) -> None:
        async with self._lock:
            # Read now, not when called: a later change may have come in while this waited.
            api_key = self._active_key()
            if not self.auto_inject:
                return
            if api_key is None:
                await self._run(_Change({self.variable: None}, None))
            else:
                await self._run(
                    _Change({self.variable: checked_key(api_key)}, fingerprint(api_key))
                )

    def _follow_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            self.log.error(
                "Updating the qBraid key in kernels after a key change failed (%s).",
                type(error).__name__,
            )

    async def _kernel_action(self, logger: Any, schema_id: str, data: dict[str, Any]) -> None:
        """A kernel started, restarted or stopped: its process now holds what it was launched with."""
        kernel_id = data.get("kernel_id")
        if data.get("status") != "success" or not kernel_id:
            return
        action = data.get("action")
        if action == "shutdown":
            self._records.pop(kernel_id, None)
            self._launched.pop(kernel_id, None)
            return
        if action not in ("start", "restart"):
            return
        try:
            km = self.kernel_manager.get_kernel(kernel_id)
        except KeyError:
            km = None
        record = _Record(self._launch_fingerprint(km))
        # Listeners run before a pass waiting for this start resumes, so the launch env read
        # here is still the one the process got. A kernel without one copied the server's
        # environment when it was launched, a moment ago: one that starts while the key
        # changes may be noted with the new value.
        self._launched[kernel_id] = _Launch(self.variable, record.fingerprint)
        if action == "restart":
            self._records[kernel_id] = record
        else:
            # A pass that waited for this start already knows better.
            self._records.setdefault(kernel_id, record)

    # One pass over all kernels

    async def _run(self, change: _Change) -> list[dict[str, str]]:
        """Apply a change to the environment and every kernel; the notices for the person."""
        # Checked before anything changes anywhere.
        checked_assignments(change.assignments)
        notices = []
        for name, value in change.assignments.items():
            if value is None:
                kept = self._unset_environ(name)
                if kept:
                    # Shaped like the account service's notices.
                    notices.append({"level": "warning", "message": kept})
            else:
                os.environ[name] = value
        # Listed in the same step as the environment change: see the module's docstring.
        listed = self.kernel_manager.list_kernel_ids()
        kernel_ids = list(dict.fromkeys([*listed, *self._starting_kernels()]))
        for gone in set(self._records) - set(kernel_ids):
            del self._records[gone]
        for gone in set(self._launched) - set(kernel_ids):
            del self._launched[gone]
        started = time.monotonic()
        outcomes = await asyncio.gather(
            *(self._visit(kernel_id, change) for kernel_id in kernel_ids)
        )
        counts = {outcome: outcomes.count(outcome) for outcome in set(outcomes)}
        self.log.info(
            "qBraid key in kernels, %s: %s in %.0f ms.",
            "put in" if change.outcome else "taken out",
            ", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items()))
            or "no kernels",
            (time.monotonic() - started) * 1000,
        )
        return notices

    async def _visit(self, kernel_id: str, change: _Change) -> str:
        """Bring one kernel in line with the change; what happened, in one word."""
        deadline = time.monotonic() + self.timeout
        pending = self._starting_kernels().get(kernel_id)
        if pending is not None:
            try:
                await asyncio.wait_for(
                    asyncio.shield(pending), max(0.0, deadline - time.monotonic())
                )
            except (asyncio.TimeoutError, TimeoutError):
                return self._failed(
                    kernel_id,
                    _("still starting after {seconds} s; try again when it is ready.").format(
                        seconds=f"{self.timeout:g}"
                    ),
                )
        try:
            km = self.kernel_manager.get_kernel(kernel_id)
        except KeyError:
            return "gone"
        self._update_launch_env(km, change.assignments)
        language = _language(km)
        code = kernel_code(language, change.assignments)
        if code is None:
            return "not supported"
        if not await km.is_alive():
            return self._failed(
                kernel_id,
                _("dead: the kernel is not running; restart it to give it the current value."),
            )
        try:
            reply = await self._execute(km, code, deadline)
        except (asyncio.TimeoutError, TimeoutError):
            if getattr(km, "execution_state", None) == "busy":
                reason = _(
                    "busy: it did not answer within {seconds} s. The change is made when its "
                    "current work ends, unless that work fails; then try again."
                )
            else:
                reason = _("no answer within {seconds} s: the kernel may be starting or stuck.")
            return self._failed(kernel_id, reason.format(seconds=f"{self.timeout:g}"))
        except Exception as error:  # zmq and session errors: report the kind, never the details
            return self._failed(
                kernel_id,
                _("error: the kernel could not be reached ({error}).").format(
                    error=type(error).__name__
                ),
            )
        content = reply.get("content", {})
        status = content.get("status")
        if status == "ok":
            self._records[kernel_id] = _Record(change.outcome)
            return "updated"
        if status == "aborted":
            return self._failed(
                kernel_id,
                _(
                    "aborted: the kernel skipped the change after an error in its current work; "
                    "try again."
                ),
            )
        # Only the exception's name: its message or traceback may quote the code, and so the key.
        name = content.get("ename")
        if isinstance(name, str) and _EXCEPTION_NAME.fullmatch(name):
            reason = _("error: the kernel could not run the change ({error}).").format(error=name)
        else:
            reason = _("error: the kernel could not run the change.")
        return self._failed(kernel_id, reason)

    async def _execute(self, km: Any, code: str, deadline: float) -> dict[str, Any]:
        """Run code silently; the execute_reply, or TimeoutError at the deadline."""
        # An AsyncKernelClient (jupyter_server's kernel managers are async); only the shell
        # channel is needed, and its reply comes to this client alone.
        client = km.client()
        client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        try:
            msg_id = client.execute(
                code, silent=True, store_history=False, allow_stdin=False, stop_on_error=False
            )
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                try:
                    message = await client.get_shell_msg(timeout=remaining)
                except Empty:
                    raise TimeoutError from None
                if message.get("parent_header", {}).get("msg_id") == msg_id:
                    return message
        finally:
            client.stop_channels()

    def _failed(self, kernel_id: str, reason: str) -> str:
        previous = self._records.get(kernel_id) or _Record(None)
        self._records[kernel_id] = _Record(previous.fingerprint, reason)
        self.log.warning("qBraid key in kernel %s: %s", kernel_id, reason)
        return "failed"

    # Helpers

    def _active_key(self) -> str | None:
        active = self.store.state().active
        return active.api_key if active else None

    def _state(
        self, kernel_id: str, km: Any, language: str, active_print: str | None
    ) -> tuple[str, str | None, str | None]:
        """The kernel's state, why (if it is not as asked), and which key it holds."""
        if language not in SUPPORTED_LANGUAGES:
            return self._unchangeable(kernel_id, km, active_print)
        record = self._records.get(kernel_id) or _Record(self._launch_fingerprint(km))
        holds = _which_key(record.fingerprint, active_print)
        if record.failure:
            return "failed", record.failure, holds
        if holds is None:
            return "not_injected", None, None
        return holds, None, holds

    def _unchangeable(
        self, kernel_id: str, km: Any, active_print: str | None
    ) -> tuple[str, str, str | None]:
        """A kernel whose language Lab cannot reach: it holds what it was started with."""
        restart_gives = self._launch_fingerprint(km)
        launch = self._launched.get(kernel_id) or _Launch(self.variable, restart_gives)
        holds = _which_key(launch.fingerprint, active_print)
        if launch.fingerprint is None:
            reason = (
                _("started without the key; restart it to give it the key.")
                if restart_gives
                else _("it cannot be changed while it runs, and it holds no key.")
            )
        elif launch.variable != self.variable:
            reason = _(
                "started with the key in its environment as {variable}; "
                "restart it to bring it up to date."
            ).format(variable=launch.variable)
        elif restart_gives is None:
            reason = _("started with the key in its environment; restart it to clear.")
        elif launch.fingerprint != restart_gives:
            reason = (
                _(
                    "started with an older key in its environment; restart it to give it the "
                    "current one."
                )
                if holds == "previous"
                else _(
                    "started with another key than the one a restart gives it; restart it to "
                    "bring it up to date."
                )
            )
        else:
            reason = _(
                "started with the key in its environment, which it keeps until it stops: "
                "kernels of this language cannot be changed while they run."
            )
        return "not_supported", reason, holds

    def _up_to_date(self, api_key: str) -> bool:
        """The environment and every kernel that can hold the key already hold this one."""
        if os.environ.get(self.variable) != api_key:
            return False
        wanted = fingerprint(api_key)
        for kernel_id in self.kernel_manager.list_kernel_ids():
            km = self.kernel_manager.get_kernel(kernel_id)
            if self._state(kernel_id, km, _language(km), wanted)[0] not in (
                "current",
                "not_supported",
            ):
                return False
        return True

    def _launch_fingerprint(self, km: Any) -> str | None:
        """What a kernel holds just after (re)starting: its stored launch env, else the server's."""
        env = _launch_env(km) if km is not None else None
        value = (env if env is not None else os.environ).get(self.variable)
        return fingerprint(value) if is_valid_api_key(value) else None

    def _update_launch_env(self, km: Any, assignments: dict[str, str | None]) -> None:
        values = {name: value for name, value in assignments.items() if value is not None}
        if values:
            km.update_env(env=values)
        # update_env only merges (dict.update): it cannot unset, and "" is not unset. So an
        # unset goes straight to the stored launch env; without one, restarts read os.environ.
        env = _launch_env(km)
        if env is not None:
            for name, value in assignments.items():
                if value is None:
                    env.pop(name, None)

    def _unset_environ(self, name: str) -> str | None:
        """Take a variable out of the server's environment, unless Lab's own key lives there
        (then why it stays)."""
        if name == self.store.variable:
            active = self.store.state().active
            if active is not None and active.source == "environment":
                return _(
                    "Lab's key comes from {variable} in the server's environment, so it stays "
                    "there and kernels started or restarted from now on still get it. Paste the "
                    "key in the panel to save it to the qbraidrc, then remove again."
                ).format(variable=name)
        os.environ.pop(name, None)
        return None

    def _starting_kernels(self) -> dict[str, Any]:
        # jupyter_client keeps the start task of a kernel here until the kernel is listed.
        return getattr(self.kernel_manager, "_pending_kernels", {})

    async def _sessions_by_kernel(self) -> dict[str, list[dict[str, str]]]:
        result: dict[str, list[dict[str, str]]] = {}
        for session in await self.session_manager.list_sessions():
            kernel = session.get("kernel") or {}
            result.setdefault(kernel.get("id"), []).append(
                {
                    "path": session.get("path"),
                    "name": session.get("name"),
                    "type": session.get("type"),
                }
            )
        return result

    async def _answer(
        self, started: float, notices: list[dict[str, str]], wanted: str | None
    ) -> dict[str, Any]:
        """The snapshot, and a notice for each kernel that Lab could not bring to `wanted`
        (the current key, or none) because of its language: what it still holds, and why."""
        duration_ms = round((time.monotonic() - started) * 1000)
        snapshot = await self.snapshot()
        for kernel in snapshot["kernels"]:
            if kernel["state"] == "not_supported" and kernel["holds"] != wanted:
                notices.append(
                    {
                        "level": "warning",
                        "message": _("{kernel}: not supported — {reason}").format(
                            kernel=_kernel_title(kernel), reason=kernel["reason"]
                        ),
                    }
                )
        return {**snapshot, "durationMs": duration_ms, "notices": notices}


def _which_key(held: str | None, active_print: str | None) -> str | None:
    if held is None:
        return None
    return "current" if held == active_print else "previous"


def _kernel_title(kernel: dict[str, Any]) -> str:
    """The notebooks or consoles a kernel serves as their tabs name them (a notebook's file
    name, "Console 1": a console's path is a uuid), else its kernel name."""
    titles = (
        session.get("name") or posixpath.basename(session.get("path") or "")
        for session in kernel["sessions"]
    )
    named = ", ".join(title for title in titles if title)
    return f"{named} ({kernel['name']})" if named else kernel["name"]


def _language(km: Any) -> str:
    try:
        spec = km.kernel_spec
    except NoSuchKernel:
        return ""
    return (getattr(spec, "language", "") or "").lower() if spec is not None else ""


def _launch_env(km: Any) -> dict[str, str] | None:
    """The environment a kernel was launched with, when one was passed (sessions pass one).

    jupyter_client keeps it in the private `_launch_args` and reuses it on restart.
    """
    launch_args = getattr(km, "_launch_args", None)
    env = launch_args.get("env") if isinstance(launch_args, dict) else None
    return env if isinstance(env, dict) else None
