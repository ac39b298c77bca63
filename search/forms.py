from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.ocop import OcopGroup


class SearchForm(forms.Form):
    """The buyer's search box and the catalogue's filters."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Search OCOP products")}
        ),
    )
    group = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All groups")), *OcopGroup.choices],
        label=_("OCOP group"),
    )
    page = forms.IntegerField(required=False, min_value=1)
