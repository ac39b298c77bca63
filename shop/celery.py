"""The Celery application: background work that must not run inside a request.

Tasks live in each app's ``tasks.py`` as ``@shared_task`` and are enqueued after the
transaction commits (``task.delay_on_commit(...)``), so a worker never sees data that
was rolled back.
"""

import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")

logger = logging.getLogger(__name__)


class BrokerOutageTolerantTask(DjangoTask):
    """A task whose enqueueing never fails the request that asked for it.

    Tasks are enqueued after the order (or other change) has committed: a broker that
    is down must not turn that success into an error page. The task is logged with its
    arguments instead, so the operator can run it again (issue 15).
    """

    def apply_async(self, args=None, kwargs=None, **options):
        try:
            return super().apply_async(args, kwargs, **options)
        except (OperationalError, OSError) as error:
            logger.error(
                "Task %s NOT queued, the broker is unreachable (%s); args=%r kwargs=%r",
                self.name,
                error,
                args,
                kwargs,
            )
            return None


app = Celery("shop", task_cls=BrokerOutageTolerantTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The project package is not an installed app; its tasks (e-mail, alerts) live here.
app.autodiscover_tasks(["shop"])
