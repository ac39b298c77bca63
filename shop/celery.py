"""The Celery application: background work that must not run inside a request.

Tasks live in each app's ``tasks.py`` as ``@shared_task`` and are enqueued after the
transaction commits (``task.delay_on_commit(...)``), so a worker never sees data that
was rolled back.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")

app = Celery("shop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The project package is not an installed app; its tasks (e-mail, alerts) live here.
app.autodiscover_tasks(["shop"])
