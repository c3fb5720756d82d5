"""Command line: serve the emulator until SIGTERM or SIGINT.

When ready it prints one JSON line on stdout, ``{"url": ..., "apiKey": ...}``; logs go to
stderr and never contain a secret.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sqlite3
import sys

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from .app import API_PREFIX, Emulator, make_app
from .hub import HUB_TOKEN_ENV, Hub
from .seed import SEEDS
from .store import Store

SHUTDOWN_GRACE_SECONDS = 5

log = logging.getLogger("jupyterlab_qbraid.emulator")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="qbraid-emulator", description="Emulate qBraid's account API on this machine."
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    parser.add_argument("--db", required=True, help="SQLite file holding all state")
    parser.add_argument(
        "--seed", choices=sorted(SEEDS), help="accounts to create if the database has no users"
    )
    parser.add_argument(
        "--hub-api-url", help="JupyterHub API URL, e.g. http://127.0.0.1:8081/hub/api"
    )
    parser.add_argument(
        "--hub-token",
        default=os.environ.get(HUB_TOKEN_ENV),
        help=(
            "JupyterHub service token that may read, stop and mint tokens for users"
            f" (default: ${HUB_TOKEN_ENV})"
        ),
    )
    parser.add_argument(
        "--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"]
    )
    args = parser.parse_args(argv)
    if bool(args.hub_api_url) != bool(args.hub_token):
        parser.error("--hub-api-url and --hub-token go together")
    return args


def base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{API_PREFIX}"


async def serve(args: argparse.Namespace) -> None:
    store = Store(args.db)
    try:
        api_key = SEEDS[args.seed](store) if args.seed else None
        if api_key:
            log.info("Seeded the %s account", args.seed)
        hub = Hub(args.hub_api_url, args.hub_token) if args.hub_api_url else None
        sockets = bind_sockets(args.port, args.host)
        server = HTTPServer(make_app(Emulator(store=store, hub=hub)))
        server.add_sockets(sockets)
        url = base_url(args.host, sockets[0].getsockname()[1])
        log.info("Serving the qBraid account API at %s (database %s)", url, args.db)

        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stopping.set)

        print(json.dumps({"url": url, "apiKey": api_key}), flush=True)
        await stopping.wait()
        log.info("Stopping")
        server.stop()
        try:
            await asyncio.wait_for(server.close_all_connections(), SHUTDOWN_GRACE_SECONDS)
        except asyncio.TimeoutError:
            log.warning("Connections still open after %ss; closing anyway", SHUTDOWN_GRACE_SECONDS)
    finally:
        store.close()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(
        level=args.log_level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        asyncio.run(serve(args))
    except (OSError, sqlite3.Error) as err:
        log.error("Cannot start: %s", err)
        sys.exit(1)


if __name__ == "__main__":
    main()
