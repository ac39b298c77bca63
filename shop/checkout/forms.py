"""Oscar's checkout forms, with the Vietnamese address (the one-page checkout's
own forms are in ``shop.checkout.one_page``)."""

from oscar.apps.checkout.forms import *  # noqa: F403

from shop.checkout.address_forms import ShippingAddressForm  # noqa: F401
