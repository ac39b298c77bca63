import oscar.apps.checkout.apps as apps
from django.urls import path


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout, forked thinly to take payment by the marketplace's methods."""

    name = "shop.checkout"

    def ready(self):
        super().ready()
        from shop.checkout import receivers  # noqa: F401 (connects them)

    def get_urls(self):
        from shop.checkout.views import OrderPaymentView

        urls = [
            path(
                "payment/<str:token>/",
                OrderPaymentView.as_view(),
                name="order-payment",
            )
        ]
        return self.post_process_urls(urls) + super().get_urls()
