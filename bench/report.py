"""The terminal table of one benchmark run (``results`` as written to the JSON)."""

#: The issue's targets, read off the table (never asserted).
FLOOR_SHARE = 0.30
MAX_QUERIES = 15
MAX_LIST_KB = 150
MAX_LCP_MS = 2500
MIN_ORDERS_PER_S = 20
MIN_WEBHOOKS_PER_S = 300
MAX_RENDERED_P50_MS = 50
MAX_WORKER_RSS_MB = 300


def _table(header: list[str], rows: list[list]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*header), line.format(*("-" * w for w in widths))]
    out += [line.format(*(str(x) for x in row)) for row in rows]
    return "\n".join(out)


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def _flat(document: dict, prefix: str = "") -> dict:
    """Nested dicts as one level: ``{"kb": {"css": 3}}`` → ``{"kb css": 3}``."""
    flat = {}
    for key, value in document.items():
        name = f"{prefix} {key}".strip()
        if isinstance(value, dict):
            flat.update(_flat(value, name))
        else:
            flat[name] = value
    return flat


def _pages(results: dict) -> str:
    throughput = results["throughput"]
    floor = (throughput.get("healthz") or {}).get("rps") or 0
    rows = []
    for name, t in throughput.items():
        session = t.get("session") or {}
        signed_in = t.get("signed_in") or {}
        rendered = t.get("uncached") or {}
        rows.append(
            [
                name,
                t["rps"],
                f"{t['rps'] / floor:.2f}" if floor else "-",
                t["p50_ms"],
                t["p95_ms"],
                session.get("rps", "-"),
                session.get("p50_ms", "-"),
                signed_in.get("rps", "-"),
                signed_in.get("p50_ms", "-"),
                rendered.get("rps", "-"),
                rendered.get("p50_ms", "-"),
                rendered.get("p95_ms", "-"),
                sum(
                    run.get("requests", 0) for run in (t, session, signed_in, rendered)
                ),
                sum(
                    run.get("unexpected", 0)
                    for run in (t, session, signed_in, rendered)
                ),
            ]
        )
    return _table(
        [
            "page",
            "cached req/s",
            "÷ healthz",
            "p50 ms",
            "p95 ms",
            "with a session req/s",
            "p50 ms",
            "signed in req/s",
            "p50 ms",
            "rendered req/s",
            "p50 ms",
            "p95 ms",
            "answers",
            "not expected",
        ],
        rows,
    )


def _queries(results: dict) -> str:
    rows = []
    for name, counts in results["queries"].items():
        for c in counts:
            rows.append(
                [
                    name,
                    c.get("per_page", "-"),
                    c.get("products_shown", "-"),
                    c["queries"],
                    c.get("after_write", "-"),
                ]
            )
    return _table(
        ["SQL per page", "per page", "products shown", "queries", "after a write"],
        rows,
    )


def _checkout(results: dict) -> str:
    return _table(
        ["checkout", "orders/s", "placed", "failed", "in database", "buyers", "s"],
        [
            [
                method,
                c["orders_per_s"],
                c["placed"],
                c["failed"],
                c.get("in_database", "-"),
                c["buyers"],
                c["seconds"],
            ]
            for method, c in results["checkout"].items()
        ],
    )


def webhooks_target(w: dict) -> str:
    """The webhook target's line: acceptance (stored and answered 2xx) is what
    is compared with it; the worker's pace beside it."""
    return (
        f"{_mark(w['webhooks_per_s'] >= MIN_WEBHOOKS_PER_S)} bank webhooks: "
        f"{w['webhooks_per_s']}/s accepted (the target, ≥ {MIN_WEBHOOKS_PER_S}: "
        f"stored and answered 2xx); applied by the worker at "
        f"{w.get('processed_per_s', '–')}/s ("
        f"{w.get('worker_cpu_ms_per_notification', '–')} ms of its CPU each), "
        f"drained {w.get('drain_s', '–')} s after the last delivery"
    )


def _webhooks(results: dict) -> str:
    w = results.get("webhooks")
    if not w:
        return ""
    return _table(
        [
            "bank webhooks",
            "accepted/s",
            "applied/s",
            "drain s",
            "p50 ms",
            "p95 ms",
            "sent",
            "copies",
            "orders paid once / accepted",
            "s",
        ],
        [
            [
                f"payOS/Casso/SePay, {w['clients']} clients",
                w["webhooks_per_s"],
                w.get("processed_per_s", "–"),
                w.get("drain_s", "–"),
                w["p50_ms"],
                w["p95_ms"],
                w["sent"],
                w["copies_sent"],
                f"{w['orders_paid_once']} / {w['orders_accepted']}",
                f"{w['seconds']}"
                + (" (all sent)" if w.get("ran_out_of_orders") else ""),
            ]
        ],
    )


def _browser(results: dict) -> str:
    pages = {name: _flat(b) for name, b in (results.get("browser") or {}).items()}
    if not pages:
        return ""
    columns = []
    for flat in pages.values():
        columns += [key for key in flat if key not in columns]
    return _table(
        ["Chromium 360×800", *(c.replace("_", " ") for c in columns)],
        [[name, *(flat.get(c, "-") for c in columns)] for name, flat in pages.items()],
    )


def _find(flat: dict, *words: str):
    """The first value whose key holds all ``words`` (browser keys may change)."""
    for key, value in flat.items():
        if all(word in key.lower() for word in words) and isinstance(
            value, int | float
        ):
            return value
    return None


def _targets(results: dict) -> str:
    lines = []
    throughput = results["throughput"]
    floor = (throughput.get("healthz") or {}).get("rps") or 0
    for name in ("home", "category", "product", "search"):
        if name in throughput and floor:
            share = throughput[name]["rps"] / floor
            lines.append(
                f"{_mark(share >= FLOOR_SHARE)} {name}: {share:.0%} of the floor "
                f"from the page cache (≥ {FLOOR_SHARE:.0%})"
            )
        for run, how in (
            ("session", "with a session"),
            ("signed_in", "signed in"),
            ("uncached", "rendered (a page not kept yet)"),
        ):
            if figures := throughput.get(name, {}).get(run):
                p50 = figures["p50_ms"]
                # No answer in the whole run has no latency: a cross, not a tick.
                answered = figures.get("requests", 0) > 0
                lines.append(
                    f"{_mark(answered and p50 <= MAX_RENDERED_P50_MS)} {name}: "
                    + (f"p50 {p50} ms {how}" if answered else f"no answer {how}")
                    + f" (≤ {MAX_RENDERED_P50_MS})"
                )
    for name, counts in results["queries"].items():
        queries = [c["queries"] for c in counts]
        # Also after a write: the listings' own queries, with no list kept.
        after = [c.get("after_write", c["queries"]) for c in counts]
        constant = len(set(queries)) == 1 and len(set(after)) == 1
        ok = max(queries) <= MAX_QUERIES and constant
        detail = " / ".join(str(q) for q in queries)
        if after != queries:
            detail += f", after a write {' / '.join(str(q) for q in after)}"
        lines.append(
            f"{_mark(ok)} SQL {name}: {detail} (≤ {MAX_QUERIES}"
            + (", same at every page size)" if len(queries) > 1 else ")")
        )
    for method, c in results["checkout"].items():
        lines.append(
            f"{_mark(c['orders_per_s'] >= MIN_ORDERS_PER_S)} {method}: "
            f"{c['orders_per_s']} orders/s (≥ {MIN_ORDERS_PER_S})"
        )
    if w := results.get("webhooks"):
        lines.append(webhooks_target(w))
    for name, b in (results.get("browser") or {}).items():
        flat = _flat(b)
        kb = _find(flat, "without", "image")
        if kb is not None and "list" in name:
            lines.append(
                f"{_mark(kb <= MAX_LIST_KB)} {name}: {kb} KB without product images "
                f"(≤ {MAX_LIST_KB})"
            )
        lcp = _find(flat, "lcp")
        if lcp is not None:
            lines.append(
                f"{_mark(lcp <= MAX_LCP_MS)} {name}: LCP {lcp} ms on slow 4G "
                f"(≤ {MAX_LCP_MS})"
            )
    if rss := results.get("worker_rss_mb"):
        lines.append(
            f"{_mark(max(rss) <= MAX_WORKER_RSS_MB)} worker memory: {max(rss)} MB "
            f"at most (≤ {MAX_WORKER_RSS_MB})"
        )
    return "Targets (issues 8 and 19):\n" + "\n".join(f"  {line}" for line in lines)


def report_table(results: dict) -> str:
    """Throughput (÷ the floor), latencies, queries, orders/s, webhooks, weight."""
    s = results["settings"]
    load = results.get("machine", {}).get("load_average")
    parts = [
        f"{results['when']}: {s['products']:,} products, gunicorn {s['workers']} sync "
        f"workers, wrk {s['connections']} connections, {s['warmup_s']} s warm-up + "
        f"{s['duration_s']} s per page, Redis {'on' if s['redis'] else 'off'}"
        + (f", load average {load[0]:.1f}" if load else ""),
        "",
        _pages(results),
        "",
        _queries(results),
        "",
        _checkout(results),
    ]
    for extra in (_webhooks(results), _browser(results)):
        if extra:
            parts += ["", extra]
    parts += [
        "",
        f"gunicorn worker RSS after the run (MB): {results.get('worker_rss_mb')}",
        "",
        _targets(results),
    ]
    if results.get("problems"):
        parts += [
            "",
            "✗ PROBLEMS — the figures concerned do not measure what they claim:",
            *(f"  - {p}" for p in results["problems"]),
        ]
    return "\n".join(parts)
