from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Lào Cai demo data for the one-command demo (``manage.py load_demo``)."""

    name = "shop.demo"
    label = "demo"
    verbose_name = "Demo data"
