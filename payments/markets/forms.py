"""Forms of the market board and the vendor's one-off QR."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from payments.markets import services
from payments.markets.models import Market, Stall

Bank = get_model("partner", "Bank")

#: A stall sells vegetables, not houses: a typo of three zeros too many is caught.
ONE_OFF_MIN = 1000
ONE_OFF_MAX = 100_000_000


class MarketForm(forms.ModelForm):
    """A new market (operator only) and the emails of its managers."""

    manager_emails = forms.CharField(
        label=_("Managers' emails"),
        required=False,
        help_text=_("Users who run this market's board, separated by commas."),
    )

    class Meta:
        model = Market
        fields = ("name", "commune", "province")

    def clean_manager_emails(self):
        emails = [
            email.strip()
            for email in self.cleaned_data["manager_emails"].split(",")
            if email.strip()
        ]
        users = []
        User = get_user_model()
        for email in emails:
            user = User._default_manager.filter(email__iexact=email).first()
            if user is None:
                raise forms.ValidationError(
                    _("No user has the email %(email)s."), params={"email": email}
                )
            users.append(user)
        return users


class StallForm(forms.ModelForm):
    """A new stall in the board's market."""

    class Meta:
        model = Stall
        fields = ("number", "zone", "goods")

    def __init__(self, *args, market: Market, **kwargs):
        super().__init__(*args, **kwargs)
        self.market = market

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if self.market.stalls.filter(number__iexact=number).exists():
            raise forms.ValidationError(
                _("This market already has a stall %(number)s."),
                params={"number": number},
            )
        return number


class VendorForm(forms.Form):
    """The stall's vendor and the bank account its QR points at."""

    name = forms.CharField(label=_("Vendor's name"), max_length=128)
    bank = forms.ModelChoiceField(label=_("Bank"), queryset=Bank.objects.all())
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=19,
        validators=[
            RegexValidator(
                r"^[0-9A-Za-z]{1,19}$", _("Letters and digits only, at most 19.")
            )
        ],
    )
    account_holder = forms.CharField(label=_("Account holder"), max_length=128)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(
        label=_("Vendor's login email"),
        required=False,
        help_text=_(
            "The vendor logs in with this email to see the payments; a new user "
            "chooses a password with “Forgot password”."
        ),
    )

    def __init__(self, *args, stall: Stall, **kwargs):
        vendor = stall.vendor
        if vendor is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": vendor.name,
                "bank": vendor.bank,
                "account_number": vendor.bank_account_number,
                "account_holder": vendor.bank_account_holder,
                "phone": vendor.phone,
                "email": vendor.users.values_list("email", flat=True).first() or "",
            }
        super().__init__(*args, **kwargs)
        self.stall = stall

    def clean_account_number(self):
        account = self.cleaned_data["account_number"].strip()
        taken = services.account_taken_by(
            account_number=account, vendor=self.stall.vendor
        )
        if taken == "collection":
            raise forms.ValidationError(
                _("This is the marketplace's own collection account.")
            )
        if taken:
            raise forms.ValidationError(
                _("Another vendor's stall already receives payments on this account.")
            )
        return account


class OneOffQRForm(forms.Form):
    """An amount for a dynamic QR, typed as a buyer says it: "35000", "35.000"."""

    amount = forms.CharField(
        label=_("Amount (đồng)"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": True}
        ),
    )

    def clean_amount(self):
        text = re.sub(r"[\s.,]|đ$|d$|vnd$", "", self.cleaned_data["amount"].lower())
        if not text.isdigit():
            raise forms.ValidationError(
                _("Type the amount in đồng using digits only, e.g. 35000.")
            )
        amount = int(text)
        if amount < ONE_OFF_MIN:
            raise forms.ValidationError(
                _("The amount must be at least %(min)s đồng."),
                params={"min": f"{ONE_OFF_MIN:,}".replace(",", ".")},
            )
        if amount > ONE_OFF_MAX:
            raise forms.ValidationError(
                _("The amount must be at most %(max)s đồng."),
                params={"max": f"{ONE_OFF_MAX:,}".replace(",", ".")},
            )
        return amount
