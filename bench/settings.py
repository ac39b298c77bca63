"""Production settings, plus media files served by Django.

A real server hands ``/media/`` to its web server; the benchmark has none, and the page
weight must include the product pictures a buyer downloads.
"""

from shop.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
