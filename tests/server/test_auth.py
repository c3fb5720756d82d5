"""Every route of the extension refuses requests that are not authenticated."""

import pytest

ROUTES = [
    ("GET", "summary"),
    ("GET", "settings"),
    ("POST", "settings"),
    ("POST", "key"),
    ("DELETE", "key"),
    ("GET", "keys"),
    ("POST", "keys"),
    ("POST", "keys/abc/rotate"),
    ("DELETE", "keys/abc"),
    ("GET", "kernels"),
    ("POST", "kernels/inject"),
    ("POST", "kernels/remove"),
    ("GET", "instance"),
    ("POST", "instance/stop"),
    ("PATCH", "instance/limits"),
    ("GET", "usage"),
    ("GET", "guard/report"),
    ("POST", "guard/scan"),
    ("GET", "guard/scan"),
    ("DELETE", "guard/scan"),
    ("POST", "guard/redact"),
]


@pytest.mark.parametrize(("method", "route"), ROUTES)
async def test_unauthenticated_requests_are_refused(jp_fetch, method, route, emulator):
    response = await jp_fetch(
        "jupyterlab-qbraid",
        route,
        method=method,
        body=b'{"apiKey": "x"}' if method in ("POST", "PUT", "PATCH") else None,
        headers={"Authorization": "", "Content-Type": "application/json"},
        raise_error=False,
    )
    assert response.code == 403
    assert emulator.requests() == []


async def test_post_with_a_cookie_but_no_xsrf_token_is_refused(jp_fetch, emulator):
    response = await jp_fetch(
        "jupyterlab-qbraid",
        "key",
        method="POST",
        body=b'{"apiKey": "x"}',
        headers={"Authorization": "", "Content-Type": "application/json", "Cookie": "_xsrf=abc"},
        raise_error=False,
    )
    assert response.code == 403
    assert emulator.requests() == []
