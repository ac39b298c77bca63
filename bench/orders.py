"""Orders placed per second through the real checkout, one payment method at a time.

A method is a function that takes a buyer's HTTP session at the order preview and
places the order, returning whether it was placed. To measure another method (VietQR
when it lands), add its function to ``PAYMENT_METHODS``.
"""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests


def _csrf(http: requests.Session) -> str:
    # Django accepts the unmasked secret from the cookie as the form token.
    return http.cookies.get("csrftoken", "")


def _post(http, url, data):
    response = http.post(url, data={"csrfmiddlewaretoken": _csrf(http), **data})
    response.raise_for_status()
    return response


def _to_preview(http: requests.Session, *, base_url: str, product_id: int) -> None:
    """Basket with one product, guest e-mail and address: up to the order preview."""
    http.get(base_url + "/basket/").raise_for_status()  # sets the CSRF cookie
    _post(http, f"{base_url}/basket/add/{product_id}/", {"quantity": 1})
    _post(
        http,
        base_url + "/checkout/",
        {
            "username": f"bench-{uuid.uuid4().hex[:12]}@example.com",
            "options": "anonymous",
        },
    )
    _post(
        http,
        base_url + "/checkout/shipping-address/",
        {
            "first_name": "Nguyễn Văn",
            "last_name": "Minh",
            "line1": "Thôn Bản Liền",
            "line4": "Lào Cai",
            "phone_number": "+84912345678",
            "country": "VN",
        },
    )
    # One shipping method, one payment method: Oscar walks on to payment details.
    http.get(base_url + "/checkout/shipping-method/").raise_for_status()


def cash_on_delivery(http: requests.Session, *, base_url: str) -> bool:
    """Confirm the order on the preview page; cash is paid on delivery."""
    placed = _post(http, base_url + "/checkout/preview/", {"action": "place_order"})
    return "/checkout/thank-you/" in placed.url


PAYMENT_METHODS = {"cash-on-delivery": cash_on_delivery}


def orders_per_second(
    *, base_url: str, product_id: int, method: str, buyers: int, duration: float
) -> dict:
    """``buyers`` concurrent guests check out again and again for ``duration`` s.

    Every request of the checkout counts: basket, e-mail, address, methods, preview.
    """
    place = PAYMENT_METHODS[method]
    stop_at = time.monotonic() + duration
    placed, failed = [0], [0]
    lock = threading.Lock()

    def buyer():
        while time.monotonic() < stop_at:
            with requests.Session() as http:
                try:
                    _to_preview(http, base_url=base_url, product_id=product_id)
                    ok = place(http, base_url=base_url)
                except requests.RequestException:
                    ok = False
            with lock:
                (placed if ok else failed)[0] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=buyers) as pool:
        for _ in range(buyers):
            pool.submit(buyer)
    elapsed = time.monotonic() - started
    return {
        "orders_per_s": round(placed[0] / elapsed, 1),
        "placed": placed[0],
        "failed": failed[0],
        "seconds": round(elapsed, 1),
        "buyers": buyers,
    }
