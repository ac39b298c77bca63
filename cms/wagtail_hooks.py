"""Admin registrations: the Oscar choosers used by the page blocks."""

from wagtail import hooks

from cms.choosers import (
    category_chooser_viewset,
    product_chooser_viewset,
    seller_chooser_viewset,
)


@hooks.register("register_admin_viewset")
def register_product_chooser():
    return product_chooser_viewset


@hooks.register("register_admin_viewset")
def register_seller_chooser():
    return seller_chooser_viewset


@hooks.register("register_admin_viewset")
def register_category_chooser():
    return category_chooser_viewset
