"""Throughput and latency measured by wrk, a load generator in another process."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import requests

LUA = Path(__file__).resolve().parent / "lua"


#: A visitor with a session cookie (it names no session), as a buyer is once the
#: basket holds something: the kept page, with the visitor's own parts rendered in it.
SESSION_VISITOR_COOKIE = "sessionid=bench-visitor-with-a-session"
BENCH_BUYER_EMAIL = "bench-buyer@example.com"


def url_not_kept(url: str) -> str:
    """``url`` with a parameter no view reads, new each time: a page not kept yet
    (as ``lua/each_page_new.lua`` asks for each request)."""
    return (
        url + ("&" if "?" in url else "?") + f"bench-new=preflight-{uuid.uuid4().hex}"
    )


def signed_in_cookie() -> str:
    """The session cookie of the bench's buyer, signed in, for wrk: the kept page
    with their own parts (their account, basket and province)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    buyer, _created = get_user_model().objects.get_or_create(email=BENCH_BUYER_EMAIL)
    client = Client()
    client.force_login(buyer)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


class UnexpectedResponses(RuntimeError):
    """The load generator saw answers other than the page's own (redirects, errors)."""


_NOT_CHECKED = object()


def preflight(
    *, url: str, expected_status: int = 200, page_cache=_NOT_CHECKED, **request
) -> None:
    """One request before loading ``url``: it must answer ``expected_status`` itself,
    and, when ``page_cache`` is given, come from where the run says it measures
    (its ``X-Page-Cache`` header, ``None`` for rendered).

    A redirect (e.g. to HTTPS), a login page or an error would otherwise be measured
    as if it were the page, and a rendered page as if it came from the cache.
    """
    method = request.pop("method", "GET")
    response = requests.request(
        method, url, allow_redirects=False, timeout=30, **request
    )
    if response.status_code != expected_status:
        where = response.headers.get("Location", "")
        raise UnexpectedResponses(
            f"{method} {url} answered {response.status_code}"
            + (f" → {where}" if where else "")
            + f" instead of {expected_status}; refusing to measure it."
        )
    served = response.headers.get("X-Page-Cache")
    if page_cache is not _NOT_CHECKED and served != page_cache:
        raise UnexpectedResponses(
            f"{method} {url} came with X-Page-Cache {served!r} instead of "
            f"{page_cache!r}; refusing to measure it."
        )


def _wrk(command: list[str], env: dict) -> dict:
    """Run wrk; the summary that ``report.lua`` prints, or wrk's own words."""
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    line = next(
        (x for x in done.stdout.splitlines() if x.startswith("BENCH-JSON ")), None
    )
    if done.returncode or line is None:
        raise RuntimeError(
            f"wrk failed (exit {done.returncode}): {done.stderr.strip()} "
            f"{done.stdout.strip()[-500:]}"
        )
    return json.loads(line.removeprefix("BENCH-JSON "))


def wrk_run(
    *,
    url: str,
    connections: int,
    duration: int,
    warmup: int,
    script: Path | None = None,
    env: dict | None = None,
    expected_status: int = 200,
    headers: dict | None = None,
) -> dict:
    """Warm up, then load ``url`` for ``duration`` s; requests/s and latencies in ms.

    Every response is counted by status: any other than ``expected_status`` (or a
    socket error) is reported under ``unexpected`` and on stderr as it happens, so a
    run never measures redirects or errors silently.
    """
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is missing: apt-get install wrk (make bench does)")
    run_env = {**os.environ, **(env or {})}
    report = LUA / "report.lua"
    if script is not None:
        # wrk takes one script: the request generator, with the reporter appended.
        combined = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        combined.write(script.read_text() + "\n" + report.read_text())
        combined.close()
        report = Path(combined.name)
    threads = min(2, connections)
    run_env["BENCH_THREADS"] = str(threads)
    base = [wrk, f"-t{threads}", f"-c{connections}", "--timeout=10s", "-s", str(report)]
    for name, value in (headers or {}).items():
        base += ["-H", f"{name}: {value}"]
    expected_with_warmup = 0
    if warmup:
        warm = _wrk([*base, f"-d{warmup}s", url], run_env)
        expected_with_warmup += warm["statuses"].get(str(expected_status), 0)
    raw = _wrk([*base, f"-d{duration}s", url], run_env)
    if script is not None:
        os.unlink(report)
    seconds = raw["duration_us"] / 1e6
    statuses = {int(k): v for k, v in raw["statuses"].items()}
    socket_errors = sum(v for k, v in raw.items() if k.startswith("errors_"))
    unexpected = socket_errors + sum(
        n for status, n in statuses.items() if status != expected_status
    )
    good = statuses.get(expected_status, 0)
    expected_with_warmup += good
    if unexpected:
        sys.stderr.write(
            f"  ✗ {url}: {unexpected} of {raw['requests']} responses were not "
            f"{expected_status} (by status: {statuses}, socket errors: "
            f"{socket_errors}); this figure is not the page's\n"
        )
    return {
        # Only the expected answers count as throughput.
        "rps": round(good / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "requests": raw["requests"],
        "expected_with_warmup": expected_with_warmup,
        "expected_status": expected_status,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "socket_errors": socket_errors,
        "unexpected": unexpected,
    }


def basket_quantity(product_id: int) -> int:
    """Units of the product in all open baskets (what add-to-basket POSTs add to)."""
    from django.db.models import Sum
    from oscar.core.loading import get_model

    Line = get_model("basket", "Line")
    lines = Line._default_manager.filter(product_id=product_id, basket__status="Open")
    return lines.aggregate(n=Sum("quantity"))["n"] or 0


def basket_sessions(*, base_url: str, product_path: str, count: int) -> list[dict]:
    """``count`` buyers, each with a CSRF token and a basket holding the product."""
    sessions = []
    for _ in range(count):
        http = requests.Session()
        page = http.get(base_url + product_path, timeout=30)
        page.raise_for_status()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        form = re.search(
            r'<form[^>]+id="add_to_basket_form"[^>]+action="([^"]+)"', page.text
        )
        if not (token and form):
            raise RuntimeError("the product page has no add-to-basket form")
        body = f"csrfmiddlewaretoken={token.group(1)}&quantity=1"
        http.post(
            base_url + form.group(1),
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=30,
        ).raise_for_status()
        cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
        sessions.append({"cookie": cookie, "body": body, "path": form.group(1)})
    return sessions


def lua_sessions_file(sessions: list[dict]) -> Path:
    """The sessions as a Lua table file for ``add_to_basket.lua``."""

    def quote(text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    rows = ",\n".join(
        f"  {{cookie = {quote(s['cookie'])}, body = {quote(s['body'])}}}"
        for s in sessions
    )
    f = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    f.write("return {\n" + rows + "\n}\n")
    f.close()
    return Path(f.name)
