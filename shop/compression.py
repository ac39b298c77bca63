"""Gzip for the storefront's public HTML pages.

Static files are already compressed ahead of time by WhiteNoise
(``CompressedManifestStaticFilesStorage``); pages are not, and the product list's HTML
is some 55 KB raw against 8 KB gzipped: on a slow phone network that is most of the
page (issue 8).

Why only public HTML pages. BREACH recovers a secret from a compressed HTTPS response
when an attacker who watches the encrypted sizes can also make the victim's browser
send requests whose input is reflected in that same response. Here:

- the CSRF token on every form is masked with a fresh random salt on every response
  (Django), and Django's ``GZipMiddleware`` adds up to 100 random bytes to each
  response ("Heal the BREACH"), so its size leaks nothing repeatable;
- the session cookie is a header, never compressed;
- personal and payment data (addresses, orders, the Stripe client secret, the VietQR
  memo code, a market vendor's account and takings) live on the basket, checkout,
  account, payment, dashboard and Chợ 4.0 (/cho/) pages,
  which this middleware leaves uncompressed (``UNCOMPRESSED_PATHS``), as it does
  JSON, CSV and anything but ``text/html``.

A site whose load balancer compresses (nginx ``gzip on``, a cloud balancer) can turn
this off with ``COMPRESS_HTML=false``; nothing changes for the browser.
"""

import re

from django.middleware.gzip import GZipMiddleware

#: Pages with personal or payment data, with or without a language prefix (/en/).
UNCOMPRESSED_PATHS = re.compile(
    r"^(?:/[a-z]{2}(?:-[a-z]+)?)?/"
    r"(?:basket|checkout|accounts|payments|dashboard|cho|admin|django-admin|api)/"
)


class PublicHtmlGZipMiddleware(GZipMiddleware):
    """Django's gzip (with its random padding), for public HTML pages only."""

    def process_response(self, request, response):
        """Compress ``response`` if it is a public page's HTML; else leave it."""
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if UNCOMPRESSED_PATHS.match(request.path_info):
            return response
        return super().process_response(request, response)
