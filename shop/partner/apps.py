import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partner app, forked: a partner is a marketplace seller."""

    name = "shop.partner"

    def ready(self):
        super().ready()
        from shop.partner import receivers

        receivers.stock_alert_receivers_replace()
