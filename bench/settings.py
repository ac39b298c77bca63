"""Production settings, plus media files served by Django.

A real server hands ``/media/`` to its web server; the benchmark has none, and the page
weight must include the product pictures a buyer downloads.
"""

from shop.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The bench's tasks go to a queue of their own: whatever else shares REDIS_URL (a
# demo's worker) neither takes them nor loses its own when the bench empties its
# queue before a run (bench.webhook_drain.queue_emptied).
CELERY_TASK_DEFAULT_QUEUE = "bench"
