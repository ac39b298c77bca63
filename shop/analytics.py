"""Oscar's analytics counters, made safe for buyers acting at the same moment.

Oscar counts basket additions and purchases per product in the request's transaction
and, the first time, creates the counter row. Two buyers adding the same new product at
once both try to create it; the loser's ``IntegrityError`` leaves the whole request's
transaction (``ATOMIC_REQUESTS``) unusable, and the buyer sees an error page. Here each
receiver runs in a savepoint and, if a concurrent request created the row first, once
more: the row now exists and the counter is simply incremented.
"""

import functools

from django.db import DatabaseError, transaction

#: Oscar's receivers that create counter rows on first use.
_RACY_RECEIVERS = (
    ("basket_addition", "receive_basket_addition"),
    ("order_placed", "receive_order_placed"),
    ("product_viewed", "receive_product_view"),
)


def _in_savepoint_retried_once(receiver):
    @functools.wraps(receiver)
    def counted(**kwargs):
        try:
            with transaction.atomic():
                receiver(**kwargs)
        except DatabaseError:
            # Another request created the counter row first; it is committed now.
            with transaction.atomic():
                receiver(**kwargs)

    return counted


def analytics_counters_make_concurrency_safe() -> None:
    """Replace Oscar's counting receivers by savepoint-guarded ones (at start-up)."""
    from oscar.apps.analytics import receivers

    for signal_name, receiver_name in _RACY_RECEIVERS:
        receiver = getattr(receivers, receiver_name)
        signal = getattr(receivers, signal_name)
        signal.disconnect(receiver)
        signal.connect(
            _in_savepoint_retried_once(receiver),
            weak=False,
            dispatch_uid=f"shop.analytics.{receiver_name}",
        )
