"""Regenerate ``docs/screenshots/``: the storefront's main pages in Chromium, as a
phone (360×800) and a desktop (1280×800) see them, from the demo data.

    python -m shop.screenshots [--base-url URL] [--out docs/screenshots]

Without ``--base-url`` it starts ``manage.py runserver`` on a free port with the
current settings (``make screenshots`` loads the demo first) and stops it after.
Chromium is Debian's (``CHROMIUM_PATH`` or ``chromium`` on the PATH). The pictures are
reduced to a 256-colour palette so the repository stays small.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWPORTS = {
    "phone": {"width": 360, "height": 800},
    "desktop": {"width": 1280, "height": 800},
}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our own server)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _optimise(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT
        )
    small.save(path, optimize=True)


def _first_link(page, selector: str) -> str:
    return page.locator(selector).first.get_attribute("href")


def shoot(base_url: str, out: Path) -> list[Path]:
    """Save each main page at each viewport under ``out``; return the files."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("Chromium is missing: `make chromium` installs Debian's")
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        for device, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, locale="vi-VN")
            page = context.new_page()
            page.goto(base_url + "/catalogue/")
            product = _first_link(page, ".ocop-card-title a")
            page.goto(base_url + "/sellers/")
            seller = _first_link(page, ".seller-card h3 a")
            pages = [
                ("home", "/"),
                ("catalogue", "/catalogue/"),
                ("search", "/search/?q=ch%C3%A8"),
                ("product", product),
                ("sellers", "/sellers/"),
                ("seller", seller),
            ]
            for name, path in pages:
                page.goto(base_url + path)
                page.wait_for_load_state("networkidle")
                saved.append(out / f"{name}-{device}.png")
                page.screenshot(path=str(saved[-1]))
            # The basket with something in it.
            page.goto(base_url + product)
            page.locator("#add_to_basket_form button[type=submit]").click()
            page.wait_for_load_state("networkidle")
            page.goto(base_url + "/basket/")
            saved.append(out / f"basket-{device}.png")
            page.screenshot(path=str(saved[-1]))
            # The one-page checkout, as a guest.
            page.goto(base_url + "/checkout/")
            page.fill("#id_email", "lan@example.com")
            saved.append(out / f"checkout-{device}.png")
            page.screenshot(path=str(saved[-1]))
            context.close()
        browser.close()
    for path in saved:
        _optimise(path)
    return saved


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running storefront (default: start one)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    server = None
    base_url = args.base_url
    if not base_url:
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        _wait_for(base_url + "/healthz")
        saved = shoot(base_url.rstrip("/"), Path(args.out))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    total = sum(path.stat().st_size for path in saved)
    sys.stdout.write(f"{len(saved)} screenshots, {total / 1024:.0f} KB in {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
