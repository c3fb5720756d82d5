"""The emulator's tornado application: the account API under /api/v1 and admin routes.

Handlers are thin (``account_routes``, ``compute_routes``, ``admin_routes``): they check
the request, call the store or the compute logic, and answer with a record from the views.
"""

from __future__ import annotations

from tornado.web import Application, RequestHandler

from . import account_routes, admin_routes, compute_routes
from .handlers import (
    ADMIN_PREFIX,
    API_PREFIX,
    LOOPBACK_ONLY,
    ApiNotFoundHandler,
    Emulator,
    NotFoundHandler,
    is_loopback,
    log_request,
)

__all__ = ["ADMIN_PREFIX", "API_PREFIX", "LOOPBACK_ONLY", "Emulator", "is_loopback", "make_app"]


def make_app(emulator: Emulator) -> Application:
    args = {"emulator": emulator}
    api_routes: list[tuple[str, type[RequestHandler]]] = [
        *account_routes.ROUTES,
        *compute_routes.ROUTES,
        (r"(?:/.*)?", ApiNotFoundHandler),
    ]
    routes = [(API_PREFIX + path, handler, args) for path, handler in api_routes]
    routes += [(ADMIN_PREFIX + path, handler, args) for path, handler in admin_routes.ROUTES]
    return Application(
        routes,
        default_handler_class=NotFoundHandler,
        default_handler_args=args,
        log_function=log_request,
    )
