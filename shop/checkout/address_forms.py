"""A Vietnamese delivery address, for checkout and for the buyer's address book.

What the buyer fills in, and where it goes in Oscar's address model (so the
dashboard, e-mails and the API print it in Vietnamese order through Oscar's
``active_address_fields``: name, house and street, commune, province, country):

====================  =========================  ====================================
field shown           model field                 note
====================  =========================  ====================================
Họ và tên             ``last_name``               ``first_name`` stays empty
Số điện thoại         ``phone_number``            required, Vietnamese, stored +84…
Tỉnh/thành phố        ``state``                   official name ("Lào Cai")
Xã/phường             ``line4``                   official name ("Xã Bản Liền")
Số nhà, đường         ``line1``                   ``line2``/``line3`` stay empty
Ghi chú               ``notes``                   optional
(none)                ``country``                 always Việt Nam; no postcode
====================  =========================  ====================================

The commune list depends on the province. Without JavaScript the buyer picks the
province and presses "Chọn xã/phường" (``address_step=province``): the same form comes
back, with no errors, listing that province's communes. ``static/shop/address.js``
presses that button when the province changes and narrows the communes as one types.
"""

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.forms import AbstractAddressForm
from oscar.core.loading import get_model
from oscar.forms.mixins import PhoneNumberMixin
from phonenumber_field.phonenumber import PhoneNumber

from shop import places

Country = get_model("address", "Country")
UserAddress = get_model("address", "UserAddress")
ShippingAddress = get_model("order", "ShippingAddress")

#: Name and value of the button that asks for the chosen province's communes.
STEP_FIELD = "address_step"
STEP_PROVINCE = "province"
#: The country of every address (its key, ISO 3166-1 alpha-2): a form shown needs
#: no query for it; the one cleaned makes sure the row exists (``country_vietnam``).
VIETNAM = "VN"
#: The fields a buyer fills in, in the order they are shown.
FIELDS = ["last_name", "phone_number", "province", "commune", "line1", "notes"]


def country_vietnam():
    """Việt Nam, the only delivery country (created on first use on a fresh site)."""
    country, _created = Country._default_manager.get_or_create(
        iso_3166_1_a2=VIETNAM,
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "printable_name": "Việt Nam",
            "name": "Cộng hòa Xã hội chủ nghĩa Việt Nam",
            "is_shipping_country": True,
        },
    )
    return country


def vietnamese_phone_number(value: str) -> PhoneNumber:
    """``value`` as a Vietnamese phone number, or ``ValidationError``.

    Accepts the ways people write one ("0912 345 678", "+84 912 345 678",
    "84912345678"); a mobile number has 10 digits with the leading 0.
    """
    message = _("Enter a Vietnamese phone number, for example 0912 345 678.")
    text = (value or "").strip()
    if text.startswith("84") and not text.startswith("+"):
        text = "+" + text
    try:
        number = PhoneNumber.from_string(text, region="VN")
    except phonenumbers.NumberParseException as error:
        raise forms.ValidationError(message) from error
    if not number.is_valid() or phonenumbers.region_code_for_number(number) != "VN":
        raise forms.ValidationError(message)
    return number


class CommuneField(forms.TypedChoiceField):
    """A commune or ward; the list shows the chosen province's, but any official
    code passes here so that ``clean`` can say which province it must belong to."""

    def valid_value(self, value):
        return str(value).isdigit() and places.commune(int(value)) is not None


def _choices(items, empty_label):
    return [("", empty_label), *((place.code, place.name) for place in items)]


class VietnameseAddressMixin:
    """Turns an Oscar address form into the Vietnamese two-level address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        step = self.data.get(self.add_prefix(STEP_FIELD)) if self.is_bound else None
        self.choosing_province = step == STEP_PROVINCE
        fields = self.fields
        fields["last_name"].label = _("Full name")
        fields["last_name"].required = True
        fields["last_name"].widget.attrs["autocomplete"] = "name"
        fields["phone_number"].label = _("Phone number")
        fields["phone_number"].required = True
        fields["phone_number"].help_text = _("The courier calls this number.")
        fields["phone_number"].widget.input_type = "tel"
        fields["phone_number"].widget.attrs["autocomplete"] = "tel"
        fields["line1"].label = _("House number and street")
        fields["line1"].required = True
        fields["line1"].help_text = _("For example: Số 12, đường Hoàng Liên, tổ 3")
        fields["line1"].widget.attrs["autocomplete"] = "address-line1"
        fields["notes"].label = _("Note for the courier")
        fields["notes"].required = False
        fields["notes"].widget.attrs["rows"] = 2
        fields["province"] = forms.TypedChoiceField(
            label=_("Province or city"),
            coerce=int,
            choices=_choices(places.provinces(), _("Choose a province or city")),
        )
        province = self._chosen_province()
        fields["commune"] = CommuneField(
            label=_("Commune or ward"),
            coerce=int,
            choices=_choices(
                places.communes(province.code) if province else (),
                _("Choose a commune or ward")
                if province
                else _("Choose the province first"),
            ),
        )
        fields["commune"].widget.attrs["data-filter-placeholder"] = _(
            "Type to find your commune or ward"
        )
        self._place_initial(province)
        self.order_fields(FIELDS)

    def _initial_value(self, name):
        value = self.initial.get(name)
        if value in (None, "") and self.instance is not None:
            value = getattr(self.instance, name, "")
        return value or ""

    def _chosen_province(self):
        if self.is_bound:
            code = self.data.get(self.add_prefix("province"))
            if code and str(code).isdigit():
                return places.province(int(code))
            return None
        if self.initial.get("province"):
            return places.province(int(self.initial["province"]))
        return places.province_by_name(self._initial_value("state"))

    def _place_initial(self, province):
        """Province and commune of a saved or session address, from their names."""
        if self.is_bound or province is None:
            return
        self.initial["province"] = province.code
        commune_name = self._initial_value("line4")
        commune = next(
            (c for c in places.communes(province.code) if c.name == commune_name), None
        )
        if commune is not None:
            self.initial.setdefault("commune", commune.code)

    def full_clean(self):
        if self.choosing_province:
            # Only a step of the form: show it again, no errors.
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self):
        return not self.choosing_province and super().is_valid()

    def clean_phone_number_field(self, field_name):
        # Oscar's version accepts any country's number; a courier here needs a
        # Vietnamese one. An empty box already has its "required" error.
        if not self.cleaned_data.get(field_name):
            return ""
        try:
            return vietnamese_phone_number(self.cleaned_data.get(field_name))
        except forms.ValidationError as error:
            self.add_error(field_name, error)
            return ""

    def clean(self):
        # Before Oscar's phone mixin reads the instance's country for its hint.
        self.instance.country = country_vietnam()
        cleaned = super().clean()
        code = cleaned.get("province")
        province = places.province(code) if code else None
        commune_code = cleaned.get("commune")
        if province is not None and commune_code:
            commune = places.commune(commune_code)
            if places.commune_province(commune_code) != province:
                self.add_error(
                    "commune",
                    _("Choose a commune or ward of %(province)s.")
                    % {"province": province.name},
                )
            else:
                # Not model fields: write them where Oscar's address keeps them.
                self.instance.state = province.name
                self.instance.line4 = commune.name
        self.instance.first_name = ""
        self.instance.line2 = self.instance.line3 = self.instance.postcode = ""
        return cleaned


class ShippingAddressForm(
    VietnameseAddressMixin, PhoneNumberMixin, AbstractAddressForm
):
    """The delivery address of a checkout."""

    class Meta:
        model = ShippingAddress
        fields = ["last_name", "line1", "phone_number", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.country_id = VIETNAM


class UserAddressForm(VietnameseAddressMixin, PhoneNumberMixin, AbstractAddressForm):
    """An address in the buyer's address book (/accounts/addresses/)."""

    class Meta:
        model = UserAddress
        fields = ["last_name", "line1", "phone_number", "notes"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.user = user
        self.instance.country_id = VIETNAM
