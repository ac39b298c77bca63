from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open data API and downloadable datasets of the OCOP catalogue."""

    name = "shop.api"
    label = "api"
    verbose_name = _("Open data")
