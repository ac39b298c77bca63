from django.urls import path
from oscar.apps.dashboard.partners import apps
from oscar.core.loading import get_class


class PartnersDashboardConfig(apps.PartnersDashboardConfig):
    """Oscar's sellers dashboard plus seller terms, invitations and the seller's own
    shop settings page."""

    name = "shop.dashboard.partners"

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        self.permissions_map["partner-user-invite"] = DashboardPermission.get(
            "partner", "view_partner", "change_partner"
        )
        # The seller's own settings page names no seller in its URL: it always edits
        # the signed-in user's own seller.
        self.permissions_map["seller-settings"] = (
            DashboardPermission.partner_dashboard_access
        )

    def ready(self):
        self.user_invite_view = get_class(
            "dashboard.partners.views", "PartnerUserInviteView"
        )
        self.seller_settings_view = get_class(
            "dashboard.partners.views", "SellerSettingsView"
        )
        super().ready()

    def get_urls(self):
        urls = [
            path(
                "<int:partner_pk>/users/invite/",
                self.user_invite_view.as_view(),
                name="partner-user-invite",
            ),
            path(
                "my-shop/", self.seller_settings_view.as_view(), name="seller-settings"
            ),
        ]
        return self.post_process_urls(urls) + super().get_urls()
