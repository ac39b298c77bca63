import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    """Oscar's dashboard, forked so its sub-apps (orders, catalogue, partners) can be
    forked under ``shop/dashboard/``: Oscar finds ``dashboard.<sub-app>`` classes
    through this app's module path."""

    name = "shop.dashboard"
