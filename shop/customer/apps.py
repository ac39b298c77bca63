import oscar.apps.customer.apps as apps


class CustomerConfig(apps.CustomerConfig):
    """Oscar's customer app, forked thinly so registration logs the new buyer in
    through django-axes (``shop.customer.mixins``)."""

    name = "shop.customer"
