from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.ocop import MAX_STARS, MIN_STARS, OcopGroup
from search.query import PRICE_RANGES, Sort


class ValuesField(forms.Field):
    """Several values of one query parameter (``?seller=3&seller=7``), of any value.

    Unlike a choice field it has no fixed list: an unknown seller or province simply
    matches nothing, as a bookmarked link to a closed shop should.
    """

    widget = forms.MultipleHiddenInput

    def __init__(self, *, coerce=str, **kwargs):
        self.coerce = coerce
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        if any("\x00" in str(v) for v in values):
            # As Django's CharField: the database cannot compare such text.
            raise forms.ValidationError(_("Null characters are not allowed."))
        try:
            cleaned = tuple(dict.fromkeys(self.coerce(v) for v in values if v != ""))
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(_("Choose from the list.")) from exc
        # An id no database column can hold (SQLite raises OverflowError on it).
        if any(isinstance(v, int) and not -(2**63) <= v < 2**63 for v in cleaned):
            raise forms.ValidationError(_("Choose from the list."))
        return cleaned


def price_range_label(key: str) -> str:
    """A price bucket ("100000-200000") as a buyer reads it, in đồng."""
    low, high = (int(part) if part else None for part in key.split("-"))
    if high is None:
        return _("From %(low)s ₫") % {"low": f"{low:,}".replace(",", ".")}
    if not low:
        return _("Under %(high)s ₫") % {"high": f"{high:,}".replace(",", ".")}
    return _("%(low)s – %(high)s ₫") % {
        "low": f"{low:,}".replace(",", "."),
        "high": f"{high:,}".replace(",", "."),
    }


SORT_CHOICES = [
    (Sort.RELEVANCE.value, _("Best match")),
    (Sort.PRICE_ASC.value, _("Price: low to high")),
    (Sort.PRICE_DESC.value, _("Price: high to low")),
    (Sort.NEWEST.value, _("Newest")),
    (Sort.STARS.value, _("Most OCOP stars")),
]


class SearchForm(forms.Form):
    """The buyer's search box and the catalogue's filters and sort."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label=_("Search"),
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Search OCOP products"),
                "autocomplete": "off",
            }
        ),
    )
    group = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        choices=OcopGroup.choices,
        label=_("OCOP group"),
    )
    stars = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        choices=[(n, n) for n in range(MIN_STARS, MAX_STARS + 1)],
        label=_("OCOP stars"),
    )
    category = ValuesField(coerce=int, label=_("Category"))
    province = ValuesField(label=_("Province"))
    seller = ValuesField(coerce=int, label=_("Seller"))
    price = forms.ChoiceField(
        required=False,
        choices=[("", _("Any price"))]
        + [(key, price_range_label(key)) for key, _low, _high in PRICE_RANGES],
        label=_("Price"),
    )
    in_stock = forms.BooleanField(required=False, label=_("In stock only"))
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, label=_("Sort by"))
    # Far beyond any catalogue, yet its offset still fits the database's bigint.
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def price_bounds(self) -> tuple[int | None, int | None]:
        """The chosen price bucket as (lowest included, highest excluded)."""
        for key, low, high in PRICE_RANGES:
            if self.cleaned_data.get("price") == key:
                return low, high
        return None, None
