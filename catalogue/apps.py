from django.urls import path
from oscar.apps.catalogue import apps
from oscar.core.loading import get_class


class CatalogueConfig(apps.CatalogueConfig):
    """Oscar's catalogue, forked: OCOP data on products and traceability pages."""

    name = "catalogue"

    def ready(self):
        super().ready()
        self.traceability_view = get_class("catalogue.views", "TraceabilityView")
        self.traceability_qr_view = get_class("catalogue.views", "TraceabilityQRView")

    def get_urls(self):
        urls = super().get_urls()
        urls += [
            path(
                "truy-xuat/<int:pk>/",
                self.traceability_view.as_view(),
                name="traceability",
            ),
            path(
                "truy-xuat/<int:pk>/qr.<str:fmt>",
                self.traceability_qr_view.as_view(),
                name="traceability-qr",
            ),
        ]
        return self.post_process_urls(urls)
