"""Where a bank notification goes, decided by the account that received the money.

A notification is exactly one of: an online order payment (the marketplace's
collection account), a market-stall payment (a vendor's own account, added by the
Chợ 4.0 feature through ``route_rule_add``), or unmatched (review queue).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from payments.models import BankNotification
from payments.order_payments import order_transfer_apply


@dataclass(frozen=True)
class RouteRule:
    """Which notifications a route takes (``accepts``) and what it does with them."""

    route: str
    accepts: Callable[[BankNotification], bool]
    handle: Callable[[BankNotification], None]


def _is_collection_account(notification: BankNotification) -> bool:
    return notification.account_number == settings.VIETQR_ACCOUNT_NUMBER


_rules: list[RouteRule] = []


def route_rule_add(rule: RouteRule) -> None:
    """Extension point: register a route (e.g. Chợ 4.0 stalls, by account number).

    Rules are tried in order and the first that accepts wins, so a notification
    never takes two routes; the collection account is always tried first.
    """
    if any(existing.route == rule.route for existing in _rules):
        return
    _rules.append(rule)


def route_rules() -> list[RouteRule]:
    """The registered rules, the online-order rule first."""
    order_rule = RouteRule(
        route=BankNotification.Route.ORDER,
        accepts=_is_collection_account,
        handle=order_transfer_apply,
    )
    return [order_rule, *_rules]


def notification_route(notification: BankNotification) -> RouteRule | None:
    """The one rule that takes ``notification``, or None when it is unmatched."""
    return next((rule for rule in route_rules() if rule.accepts(notification)), None)
