"""Orders placed per second through the real checkout, one payment method at a time.

A method is a function that takes a buyer's HTTP session on the checkout page, picks
its payment method, places the order and says whether the buyer reached the page that
follows (for VietQR: the page with the QR to scan). To measure another method, add
its function to ``PAYMENT_METHODS``.
"""

import datetime
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

#: Guests of the benchmark checkouts have e-mails ``bench-…@example.com``.
EMAIL_PREFIX = "bench-"
TIMEOUT = 60


class CheckoutFailed(Exception):
    """A step of the checkout did not answer as a buyer's browser expects."""


def _csrf(http: requests.Session) -> str:
    # Django accepts the unmasked secret from the cookie as the form token.
    return http.cookies.get("csrftoken", "")


def _post(http, url, data):
    response = http.post(
        url, data={"csrfmiddlewaretoken": _csrf(http), **data}, timeout=TIMEOUT
    )
    if response.status_code != 200:
        raise CheckoutFailed(f"POST {url.split('/', 3)[-1]} → {response.status_code}")
    return response


def _to_payment(http: requests.Session, *, base_url: str, product_id: int) -> None:
    """ "Mua ngay" on one product: into the basket and on to the one-page checkout
    (e-mail, address, items, payment methods and total on one page)."""
    # The CSRF cookie, from a page with forms (an empty basket page has none).
    http.get(base_url + "/catalogue/", timeout=TIMEOUT).raise_for_status()
    page = _post(
        http,
        f"{base_url}/basket/add/{product_id}/",
        {"quantity": 1, "next": "/checkout/"},  # the product page's "Mua ngay"
    )
    if 'id="checkout_form"' not in page.text:
        raise CheckoutFailed(f"no checkout page at {page.url}")


def _place(http: requests.Session, *, base_url: str, code: str):
    """E-mail, address and the method ``code`` in the one POST that places the
    order: the page that follows."""
    placed = _post(
        http,
        base_url + "/checkout/",
        {
            "email": f"{EMAIL_PREFIX}{uuid.uuid4().hex[:12]}@example.com",
            # The Vietnamese address form (shop/checkout/address_forms.py): province
            # and commune by their official codes (Lào Cai, Xã Bản Liền).
            "last_name": "Nguyễn Văn Minh",
            "phone_number": "0912 345 678",
            "province": "15",
            "commune": "2869",
            "line1": "Số 12, thôn Bản Liền",
            "payment_method": code,
        },
    )
    if "/checkout/thank-you/" not in placed.url:
        raise CheckoutFailed(f"placing the order ended at {placed.url}")
    return placed


def cash_on_delivery(http: requests.Session, *, base_url: str) -> bool:
    """Cash is paid on delivery: placed when the buyer reads the thank-you page."""
    _place(http, base_url=base_url, code="cod")
    return True


def vietqr(http: requests.Session, *, base_url: str) -> bool:
    """Placed as pending payment: counted when the buyer sees the QR to scan."""
    page = _place(http, base_url=base_url, code="vietqr")
    if 'class="vietqr-code"' not in page.text or "<svg" not in page.text:
        raise CheckoutFailed("the thank-you page shows no VietQR code")
    return True


PAYMENT_METHODS = {"cash-on-delivery": cash_on_delivery, "vietqr": vietqr}
#: The Oscar payment source type each method records (payments.methods).
SOURCE_TYPES = {"cash-on-delivery": "cash-on-delivery", "vietqr": "vietqr"}


def _orders_in_database(*, method: str, since: datetime.datetime) -> int:
    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    return (
        Order._default_manager.filter(
            date_placed__gte=since,
            guest_email__startswith=EMAIL_PREFIX,
            sources__source_type__code=SOURCE_TYPES[method],
        )
        .distinct()
        .count()
    )


def orders_per_second(
    *, base_url: str, product_id: int, method: str, buyers: int, duration: float
) -> dict:
    """``buyers`` concurrent guests check out again and again for ``duration`` s.

    Every request of the checkout counts: catalogue, basket, the checkout page,
    placing the order and the page after. The orders the database holds afterwards
    are counted too: fewer than the buyers saw placed is an error.
    """
    from django.utils import timezone

    place = PAYMENT_METHODS[method]
    since = timezone.now()
    stop_at = time.monotonic() + duration
    placed, failed = [0], [0]
    reasons = Counter()
    lock = threading.Lock()

    def buyer():
        while time.monotonic() < stop_at:
            with requests.Session() as http:
                try:
                    _to_payment(http, base_url=base_url, product_id=product_id)
                    ok = place(http, base_url=base_url)
                    reason = None
                except (requests.RequestException, CheckoutFailed) as error:
                    ok, reason = False, str(error)[:120]
            with lock:
                (placed if ok else failed)[0] += 1
                if reason:
                    reasons[reason] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=buyers) as pool:
        for _ in range(buyers):
            pool.submit(buyer)
    elapsed = time.monotonic() - started
    in_database = _orders_in_database(method=method, since=since)
    problems = [f"{n} × {reason}" for reason, n in reasons.most_common(3)]
    if in_database < placed[0]:
        problems.append(
            f"the database holds {in_database} {method} orders, "
            f"buyers saw {placed[0]} placed"
        )
    return {
        "orders_per_s": round(placed[0] / elapsed, 1),
        "placed": placed[0],
        "failed": failed[0],
        "in_database": in_database,
        "seconds": round(elapsed, 1),
        "buyers": buyers,
        "problems": problems,
    }
