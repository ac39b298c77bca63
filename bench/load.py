"""Throughput and latency measured by wrk, a load generator in another process."""

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import requests

LUA = Path(__file__).resolve().parent / "lua"


def wrk_run(
    *,
    url: str,
    connections: int,
    duration: int,
    warmup: int,
    script: Path | None = None,
    env: dict | None = None,
) -> dict:
    """Warm up, then load ``url`` for ``duration`` s; requests/s and latencies in ms."""
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
    base = [wrk, f"-t{threads}", f"-c{connections}", "--timeout=10s", "-s", str(report)]
    if warmup:
        subprocess.run(
            [*base, f"-d{warmup}s", url], env=run_env, capture_output=True, check=True
        )
    out = subprocess.run(
        [*base, f"-d{duration}s", url],
        env=run_env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH-JSON "))
    raw = json.loads(line.removeprefix("BENCH-JSON "))
    seconds = raw["duration_us"] / 1e6
    errors = sum(v for k, v in raw.items() if k.startswith("errors_"))
    return {
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "requests": raw["requests"],
        "errors": errors,
    }


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
