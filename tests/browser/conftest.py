"""Playwright driving Debian's Chromium (never a downloaded browser).

Each browser test gets a fresh page on the live server; on failure a full-page
screenshot is saved under ``test-artifacts/`` for whoever reads the CI log.

Every page also watches the Content-Security-Policy (shop/content_policy.py): each
``securitypolicyviolation`` event and each console message about the policy is kept
in ``page.csp_violations``, and a test whose pages had any fails. A test that
provokes a violation on purpose checks the list and empties it.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in this thread; Django's ORM is still safe
# to use from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM:
        pytest.fail("Debian's Chromium is missing: `make chromium` installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash.setdefault("failed", report.failed)
        if report.failed:
            item.stash["failed"] = True
    return report


# Runs in every page and frame before its own scripts (Playwright's init scripts are
# not subject to the page's policy) and reports each violation to the test.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
    window.__cspViolation([
        event.violatedDirective, event.blockedURI, event.sourceFile,
        event.lineNumber, (event.sample || "").slice(0, 80)
    ].join(" | "));
});
"""


def csp_watch(context) -> list[str]:
    """Collect the policy violations of every page of ``context`` (a test that
    opens a context of its own calls this and asserts the list stays empty)."""
    violations: list[str] = []
    context.expose_binding(
        "__cspViolation",
        lambda source, text: violations.append(f"{source['frame'].url}: {text}"),
    )
    context.add_init_script(_REPORT_VIOLATIONS)
    context.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and violations.append(f"console: {message.text}")
        ),
    )
    return violations


def _page(chromium, request, viewport):
    context = chromium.new_context(viewport=viewport, locale="vi-VN")
    violations = csp_watch(context)
    page = context.new_page()
    page.csp_violations = violations
    page.set_default_timeout(10_000)
    yield page
    if request.node.stash.get("failed", False):
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    if violations and not request.node.stash.get("failed", False):
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


@pytest.fixture
def phone_page(chromium, request):
    """A 360×800 phone-sized page."""
    yield from _page(chromium, request, PHONE)


@pytest.fixture
def desktop_page(chromium, request):
    """A 1280×900 desktop page."""
    yield from _page(chromium, request, DESKTOP)
