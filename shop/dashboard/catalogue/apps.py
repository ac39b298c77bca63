from django.urls import path
from oscar.apps.dashboard.catalogue import apps
from oscar.core.loading import get_class


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Oscar's product dashboard with forms a volunteer can fill in quickly: OCOP
    fields, đồng prices and stock by default, and images checked and resized.

    Sellers get their own one-screen form ("Đăng sản phẩm", ``seller-product-*``);
    Oscar's tabbed form stays for the operator's staff.
    """

    name = "shop.dashboard.catalogue"

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        for name in ("seller-product-create", "seller-product-edit", "seller-communes"):
            self.permissions_map[name] = (
                DashboardPermission.get("catalogue", "view_product", "add_product"),
                DashboardPermission.partner_dashboard_access,
            )

    def get_urls(self):
        from shop.dashboard.catalogue.seller_views import (
            SellerProductView,
            seller_communes,
        )

        urls = [
            path(
                "products/sell/",
                SellerProductView.as_view(),
                name="seller-product-create",
            ),
            path(
                "products/sell/<int:pk>/",
                SellerProductView.as_view(),
                name="seller-product-edit",
            ),
            path("products/communes/", seller_communes, name="seller-communes"),
        ]
        return self.post_process_urls(urls) + super().get_urls()
