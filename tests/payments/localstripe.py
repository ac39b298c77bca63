"""localstripe as a real server for card tests: the same runner ``make demo`` starts.

Import the fixtures into a test module to use them (``localstripe``,
``stripe_settings``).
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.urls import reverse

WEBHOOK_SECRET = "whsec_localstripe_test"
PUBLISHABLE_KEY = "pk_test_localstripe"
PORTS = range(8121, 8140)


def _free_port():
    # Parallel workers start from different ports so they don't race for one.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    offset = (int(worker.removeprefix("gw") or 0) * 5) % len(PORTS)
    for port in [*PORTS[offset:], *PORTS[:offset]]:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail(f"No free port for localstripe in {PORTS.start}-{PORTS.stop - 1}")


def wait_for(condition, timeout=10):
    """Poll ``condition`` until it is true or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture(scope="module")
def localstripe():
    """payments.localstripe_runner for this module, on a free port of our range."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "payments.localstripe_runner", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"

    def answers():
        try:
            urllib.request.urlopen(url + "/js.stripe.com/v3/")
        except OSError:
            return process.poll() is not None  # died: fail below, not in 10 s
        return True

    wait_for(answers)
    assert process.poll() is None, "localstripe did not start"
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def stripe_settings(settings, localstripe, live_server):
    """Card payments switched on against localstripe, which delivers its signed
    webhooks to the live server."""
    settings.PAYMENT_METHODS = ["vietqr", "stripe", "cod"]
    settings.STRIPE_SECRET_KEY = "sk_test_localstripe"
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe
    settings.STRIPE_JS_URL = localstripe + "/js.stripe.com/v3/"
    request = urllib.request.Request(
        localstripe + "/_config/webhooks/shop",
        data=json.dumps(
            {
                "url": live_server.url + reverse("payments:stripe-webhook"),
                "secret": WEBHOOK_SECRET,
            }
        ).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    urllib.request.urlopen(request)
    return settings
