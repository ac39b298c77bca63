import oscar.apps.checkout.apps as apps
from django.urls import path


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout, forked thinly: one page (``shop.checkout.one_page``) instead
    of Oscar's steps, paying by the marketplace's methods."""

    name = "shop.checkout"

    def ready(self):
        super().ready()
        from shop.checkout import receivers  # noqa: F401 (connects them)

    def get_urls(self):
        from shop.checkout.one_page import OnePageCheckoutView, StepRedirectView
        from shop.checkout.views import OrderPaymentView

        # Oscar's steps are all on the one page now; their URLs (bookmarks, the
        # back button, "Change" links in old mails) lead there.
        steps = [
            "shipping-address",
            "shipping-method",
            "payment-method",
            "payment-details",
            "preview",
        ]
        urls = [
            path("", OnePageCheckoutView.as_view(), name="index"),
            *(
                path(f"{step}/", StepRedirectView.as_view(), name=step)
                for step in steps
            ),
            path(
                "user-address/edit/<int:pk>/",
                self.user_address_update_view.as_view(),
                name="user-address-update",
            ),
            path(
                "user-address/delete/<int:pk>/",
                self.user_address_delete_view.as_view(),
                name="user-address-delete",
            ),
            path("thank-you/", self.thankyou_view.as_view(), name="thank-you"),
            path(
                "payment/<str:token>/",
                OrderPaymentView.as_view(),
                name="order-payment",
            ),
        ]
        return self.post_process_urls(urls)
