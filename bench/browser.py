"""Page weight and Largest Contentful Paint in Debian's Chromium (Playwright + CDP)."""

import os
import shutil

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
LCP_SCRIPT = """
window.__lcp = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__lcp = entry.startTime;
}).observe({type: "largest-contentful-paint", buffered: true});
"""


def _measure(browser, url: str, *, throttle: bool) -> dict:
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
    response = page.goto(url, wait_until="load", timeout=120_000)
    if response is None or response.status >= 400:
        raise RuntimeError(f"{url} answered {response and response.status}")
    page.wait_for_timeout(1000)  # let LCP settle and late requests finish
    lcp_ms = page.evaluate("window.__lcp")
    context.close()
    weight = dict.fromkeys(["html", "css", "js", "images", "fonts", "other"], 0)
    for request_id, size in sizes.items():
        weight[kinds.get(request_id, "other")] += size
    weight = {k: round(v / 1024, 1) for k, v in weight.items()}
    weight["total"] = round(sum(weight.values()), 1)
    weight["total_without_images"] = round(weight["total"] - weight["images"], 1)
    return {"kb": weight, "lcp_ms": round(lcp_ms)}


def page_weight_and_lcp(*, urls: dict[str, str]) -> dict:
    """For each page: KB transferred by kind (no throttling), and LCP on slow 4G."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if chromium is None:
        raise RuntimeError("Chromium is missing: apt-get install chromium")
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            for name, url in urls.items():
                weight = _measure(browser, url, throttle=False)
                slow = _measure(browser, url, throttle=True)
                results[name] = {"kb": weight["kb"], "lcp_slow_4g_ms": slow["lcp_ms"]}
        finally:
            browser.close()
    return results
