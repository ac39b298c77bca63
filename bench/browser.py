"""Page weight and Largest Contentful Paint in Debian's Chromium (Playwright + CDP).

``python -m bench`` calls :func:`page_weight_and_lcp`; on its own, against any running
site (production settings, static files collected)::

    python -m bench.browser http://127.0.0.1:8000/catalogue/ http://127.0.0.1:8000/

prints, for each page, the KB transferred by kind (HTML, CSS, JS, images, fonts) and
the LCP on Chromium's slow-4G emulation in a 360×800 phone viewport, each the median
of several runs (``--runs``), and what the LCP element was.
"""

import argparse
import json
import os
import shutil
import statistics
import sys

#: Chrome DevTools' "Slow 4G" (Lighthouse's mobile throttling): 150 ms RTT and
#: 1.6 Mbps down / 750 kbps up, times its usual 3.75 and 0.9 factors.
SLOW_4G = {
    "offline": False,
    "latency": 150 * 3.75,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
    "uploadThroughput": 750 * 1024 / 8 * 0.9,
}
PHONE = {"width": 360, "height": 800}
KINDS = {
    "Document": "html",
    "Stylesheet": "css",
    "Script": "js",
    "Image": "images",
    "Font": "fonts",
}
ORDER = ["html", "css", "js", "images", "fonts", "other"]
#: Issue 8's budgets: the product list without product images, and LCP on slow 4G.
BUDGET_KB_WITHOUT_IMAGES = 150
BUDGET_LCP_MS = 2500
LCP_SCRIPT = """
window.__lcp = {ms: 0, element: ""};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const el = entry.element;
    let name = el ? el.tagName.toLowerCase() : "?";
    if (el && el.className && typeof el.className === "string")
      name += "." + el.className.trim().split(/\\s+/).join(".");
    if (entry.url) name += " " + entry.url.split("/").pop();
    window.__lcp = {ms: entry.startTime, element: name};
  }
}).observe({type: "largest-contentful-paint", buffered: true});
"""


def _measure(browser, url: str, *, throttle: bool) -> dict:
    """One cold load of ``url``: bytes and requests by kind, LCP and its element."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    page.add_init_script(LCP_SCRIPT)
    kinds, sizes = {}, {}
    cdp.on(
        "Network.responseReceived",
        lambda e: kinds.__setitem__(e["requestId"], KINDS.get(e["type"], "other")),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    try:
        response = page.goto(url, wait_until="load", timeout=120_000)
        if response is None or response.status >= 400:
            raise RuntimeError(f"{url} answered {response and response.status}")
        if response.url != url and not response.url.startswith(url.split("?")[0]):
            # A redirect (to https, to a login page) would measure another page.
            raise RuntimeError(f"{url} ended on {response.url}")
        page.wait_for_timeout(1000)  # let LCP settle and late requests finish
        lcp = page.evaluate("window.__lcp")
    finally:
        context.close()
    weight = dict.fromkeys(ORDER, 0)
    requests = dict.fromkeys(ORDER, 0)
    for request_id, size in sizes.items():
        kind = kinds.get(request_id, "other")
        weight[kind] += size
        requests[kind] += 1
    weight = {k: round(v / 1024, 1) for k, v in weight.items()}
    weight["total"] = round(sum(weight.values()), 1)
    weight["total_without_images"] = round(weight["total"] - weight["images"], 1)
    return {
        "kb": weight,
        "requests": requests,
        "lcp_ms": round(lcp["ms"]),
        "lcp_element": lcp["element"],
    }


def _median(runs: list[dict]) -> dict:
    """Each figure's median over the runs (the element of the median LCP run)."""
    by_lcp = sorted(runs, key=lambda r: r["lcp_ms"])
    return {
        "kb": {
            k: round(statistics.median(r["kb"][k] for r in runs), 1)
            for k in runs[0]["kb"]
        },
        "requests": {
            k: int(statistics.median(r["requests"][k] for r in runs))
            for k in runs[0]["requests"]
        },
        "lcp_slow_4g_ms": round(statistics.median(r["lcp_ms"] for r in runs)),
        "lcp_runs_ms": [r["lcp_ms"] for r in runs],
        "lcp_element": by_lcp[len(by_lcp) // 2]["lcp_element"],
    }


def _launch(playwright):
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if chromium is None:
        raise RuntimeError("Chromium is missing: apt-get install chromium")
    return playwright.chromium.launch(
        executable_path=chromium,
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )


def page_weight_and_lcp(*, urls: dict[str, str], runs: int = 3) -> dict:
    """For each page: KB transferred by kind and LCP on slow 4G, medians of ``runs``.

    Every run is a cold load (cache disabled) under slow-4G emulation in a 360×800
    viewport; the bytes do not depend on the throttling, the LCP does.
    """
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            for name, url in urls.items():
                measured = [
                    _measure(browser, url, throttle=True) for _ in range(max(1, runs))
                ]
                results[name] = {"url": url, **_median(measured)}
        finally:
            browser.close()
    return results


def weight_table(results: dict) -> str:
    """The figures of :func:`page_weight_and_lcp` as a terminal table."""
    header = ["page", *(f"{k} KB" for k in ORDER[:5]), "w/o img KB", "LCP ms"]
    rows = [
        [
            name,
            *(str(r["kb"][k]) for k in ORDER[:5]),
            str(r["kb"]["total_without_images"]),
            str(r["lcp_slow_4g_ms"]),
        ]
        for name, r in results.items()
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, ["-" * w for w in widths], *rows]
    ]
    notes = [
        f"  {name}: LCP element {r['lcp_element']}; runs {r['lcp_runs_ms']} ms; "
        f"requests {r['requests']}"
        for name, r in results.items()
    ]
    return "\n".join([*lines, "", *notes])


def main(argv: list[str] | None = None) -> int:
    """Measure the pages given on the command line; exit 1 if a budget is missed."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.browser",
        description=(
            "Page weight by kind and LCP (slow 4G, 360×800) of running pages, "
            "median of several cold loads in Debian's Chromium."
        ),
    )
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument("--runs", type=int, default=5, help="loads per page (5)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures here")
    args = parser.parse_args(argv)
    results = page_weight_and_lcp(urls={u: u for u in args.urls}, runs=args.runs)
    sys.stdout.write(weight_table(results) + "\n")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2, ensure_ascii=False)
    missed = [
        name
        for name, r in results.items()
        if r["kb"]["total_without_images"] > BUDGET_KB_WITHOUT_IMAGES
        or r["lcp_slow_4g_ms"] > BUDGET_LCP_MS
    ]
    for name in missed:
        sys.stderr.write(
            f"over budget ({BUDGET_KB_WITHOUT_IMAGES} KB without images, "
            f"LCP {BUDGET_LCP_MS} ms): {name}\n"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
