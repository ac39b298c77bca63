from oscar.apps.dashboard.orders import apps
from oscar.core.loading import get_class


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Oscar's orders dashboard, with sellers limited to their own lines.

    Oscar lets a seller's users into any order holding one of its lines, whole. Here
    they keep the list, the order and line pages (showing their lines only), while
    statistics, notes and the shipping-address editor - which concern every seller
    of the order - are for the operator's staff alone.
    """

    name = "shop.dashboard.orders"

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        for name, codenames in (
            ("order-stats", ("view_order",)),
            ("order-detail-note", ("view_order", "change_order")),
            ("order-shipping-address", ("view_order", "change_order")),
        ):
            self.permissions_map[name] = DashboardPermission.get("order", *codenames)
