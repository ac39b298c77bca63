from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketsConfig(AppConfig):
    """Chợ 4.0: stall QR standees, the vendor's live payment feed, the market board."""

    name = "payments.markets"
    label = "markets"
    verbose_name = _("Chợ 4.0 markets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from payments.markets.services import STALL_ROUTE
        from payments.routing import route_rule_add

        # Transfers to a vendor's own account become stall payments; the
        # collection account is still tried first (payments.routing).
        route_rule_add(STALL_ROUTE)
