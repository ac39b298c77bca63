from django.conf import settings
from oscar.apps.dashboard.catalogue import views
from oscar.apps.dashboard.catalogue.views import *  # noqa: F403
from oscar.core.loading import get_model

ProductClass = get_model("catalogue", "ProductClass")


class ProductCreateRedirectView(views.ProductCreateRedirectView):
    """ "New product" goes straight to the OCOP product form: most sellers never
    need to choose a product type."""

    def get_redirect_url(self, *args, **kwargs):
        if "product_class" not in self.request.GET:
            default = ProductClass._default_manager.filter(
                slug=settings.OCOP_DEFAULT_PRODUCT_CLASS
            ).first()
            if default is not None:
                return self.get_product_create_url(default)
        return super().get_redirect_url(*args, **kwargs)
