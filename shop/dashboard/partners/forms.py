from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.partners.forms import *  # noqa: F403
from oscar.core.loading import get_model

from shop.images import BoundedImageField

Partner = get_model("partner", "Partner")

SELLER_FIELDS = (
    "name",
    "seller_type",
    "commune",
    "province",
    "phone",
    "description",
    "shipping_charge",
    "shipping_charge_other_province",
)
# The dashboard's rich-text editor, as for product descriptions; whatever is sent is
# cleaned on save (shop/seller_html.py).
SELLER_WIDGETS = {"description": forms.Textarea(attrs={"class": "wysiwyg"})}


class PartnerCreateForm(forms.ModelForm):
    """The operator's form for a seller: its profile and the marketplace's terms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True

    class Meta:
        model = Partner
        fields = (*SELLER_FIELDS, "commission_rate", "is_suspended")
        widgets = SELLER_WIDGETS


class SellerSettingsForm(forms.ModelForm):
    """What a seller edits itself: its profile and its delivery rate, never its
    commission or suspension."""

    class Meta:
        model = Partner
        fields = (*SELLER_FIELDS, "logo")
        widgets = SELLER_WIDGETS
        # A logo is bounded like every image upload (shop.images).
        field_classes = {"logo": BoundedImageField}


class SellerInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("We send this address a link to choose a password."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
