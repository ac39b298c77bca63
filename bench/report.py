"""The terminal table of one benchmark run."""


def _table(header: list[str], rows: list[list]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*header), line.format(*("-" * w for w in widths))]
    out += [line.format(*(str(x) for x in row)) for row in rows]
    return "\n".join(out)


def report_table(results: dict) -> str:
    """Throughput (÷ the floor), latencies, queries, orders/s, weight, memory."""
    s = results["settings"]
    floor = results["throughput"]["healthz"]["rps"] or 1
    rows = []
    for name, t in results["throughput"].items():
        queries = results["queries"].get(name)
        if queries is None:
            sized = [v for k, v in results["queries"].items() if k.startswith(name)]
            queries = " / ".join(str(v) for v in sized) or "-"
        rows.append(
            [
                name,
                t["rps"],
                f"{t['rps'] / floor:.3f}",
                t["p50_ms"],
                t["p95_ms"],
                t["errors"],
                queries,
            ]
        )
    parts = [
        f"{s['products']:,} products, gunicorn {s['workers']} sync workers, wrk "
        f"{s['connections']} connections, {s['warmup_s']} s warm-up + "
        f"{s['duration_s']} s, Redis {'on' if s['redis'] else 'off'}",
        "",
        _table(
            ["page", "req/s", "÷ floor", "p50 ms", "p95 ms", "errors", "SQL (12/48)"],
            rows,
        ),
        "",
        _table(
            ["checkout", "orders/s", "placed", "failed", "buyers"],
            [
                [m, c["orders_per_s"], c["placed"], c["failed"], c["buyers"]]
                for m, c in results["checkout"].items()
            ],
        ),
    ]
    if results["browser"]:
        parts += [
            "",
            _table(
                [
                    "Chromium 360×800",
                    "HTML KB",
                    "CSS KB",
                    "JS KB",
                    "img KB",
                    "fonts KB",
                    "total KB",
                    "w/o img KB",
                    "LCP slow 4G ms",
                ],
                [
                    [
                        name,
                        b["kb"]["html"],
                        b["kb"]["css"],
                        b["kb"]["js"],
                        b["kb"]["images"],
                        b["kb"]["fonts"],
                        b["kb"]["total"],
                        b["kb"]["total_without_images"],
                        b["lcp_slow_4g_ms"],
                    ]
                    for name, b in results["browser"].items()
                ],
            ),
        ]
    parts += ["", f"worker RSS after the run (MB): {results['worker_rss_mb']}"]
    return "\n".join(parts)
