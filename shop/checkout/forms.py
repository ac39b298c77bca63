"""Oscar's checkout forms, with the Vietnamese address and a gateway that works
without JavaScript."""

from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout import forms as oscar_forms
from oscar.apps.checkout.forms import *  # noqa: F403

from shop.checkout.address_forms import ShippingAddressForm  # noqa: F401


class GatewayForm(oscar_forms.GatewayForm):
    """Guest, new account or returning customer.

    Oscar's password box is ``required`` in HTML and only its script lifts that when
    the buyer picks "guest": without JavaScript a guest could never go on. The box is
    optional here and required only for a returning customer.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].required = False

    def clean(self):
        options = self.cleaned_data.get("options")
        if options == self.EXISTING and not self.cleaned_data.get("password"):
            self.add_error("password", _("Enter your password to sign in."))
            return self.cleaned_data
        return super().clean()
