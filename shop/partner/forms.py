"""The sellers directory's filters (a GET form: works without JavaScript)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.ocop import OcopGroup


class SellerFilterForm(forms.Form):
    province = forms.ChoiceField(label=_("Province"), required=False)
    seller_type = forms.ChoiceField(label=_("Seller type"), required=False)
    group = forms.TypedChoiceField(
        label=_("OCOP product group"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All groups")), *OcopGroup.choices],
    )

    def __init__(self, *args, provinces=(), seller_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All provinces"))] + [
            (p, p) for p in provinces
        ]
        self.fields["seller_type"].choices = [("", _("All types")), *seller_types]
