from oscar.apps.dashboard.catalogue import apps


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Oscar's product dashboard with forms a volunteer can fill in quickly: OCOP
    fields, đồng prices and stock by default, and images checked and resized."""

    name = "shop.dashboard.catalogue"
