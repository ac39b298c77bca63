from django.utils.translation import gettext_lazy as _
from oscar.apps.customer.abstract_models import AbstractUser
from phonenumber_field.modelfields import PhoneNumberField


class User(AbstractUser):
    """A marketplace user: buyer, seller staff or operator, logging in by email.

    Swapped in from the first migration because changing ``AUTH_USER_MODEL`` later
    means moving tables by hand.
    """

    phone = PhoneNumberField(_("phone number"), blank=True, region="VN")

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
