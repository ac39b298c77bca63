"""The checkout on one page: e-mail, address, the items per shop with their delivery
charges, the payment method and the total, ordered with one "Đặt hàng" press.

Oscar's steps (gateway, address, shipping method, payment method, payment details,
preview, place order) took a buyer about a dozen requests, each loading and pricing
the basket again. Here the page is one GET and one POST. The POST validates every
part; when all is well it records, in Oscar's checkout session, what the steps
recorded one by one (e-mail, address, the one shipping method, the payment method)
and places the order through ``PaymentDetailsView.submit`` as the preview step did:
discounts claimed, payment started, order-placed mail, the thank-you page. When
something is wrong, the same page comes back with the errors and all that was typed.

Oscar's old step URLs redirect here (``shop.checkout.apps``).
"""

from urllib.parse import urlencode

from django import forms, http
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.apps.checkout import signals
from oscar.core.loading import get_class, get_model

from payments import registry
from shop import places
from shop.checkout.address_forms import STEP_FIELD, ShippingAddressForm
from shop.checkout.views import PAYMENT_METHOD_FIELD, PaymentDetailsView

Repository = get_class("shipping.repository", "Repository")
ShippingAddress = get_model("order", "ShippingAddress")

#: The saved-address choice of a signed-in buyer: an address id, or this for the form.
NEW_ADDRESS = "new"


class GuestEmailForm(forms.Form):
    """Where a guest's order confirmation goes."""

    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send the order confirmation here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PaymentMethodForm(forms.Form):
    """One of the enabled payment methods (``payments.registry``)."""

    payment_method = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a payment method.")},
    )

    def __init__(self, *args, methods, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[PAYMENT_METHOD_FIELD]
        field.choices = [(method.code, method.name) for method in methods]
        field.error_messages["invalid_choice"] = field.error_messages["required"]


class OnePageCheckoutView(PaymentDetailsView):
    """``/checkout/``: the whole checkout, for guests and signed-in buyers."""

    template_name = "oscar/checkout/one_page.html"
    pre_conditions = ["check_basket_is_not_empty", "check_basket_is_valid"]

    def get_pre_conditions(self, request):
        return self.pre_conditions

    def get_skip_conditions(self, request):
        # Oscar skips the payment details of a free order to its preview: there is
        # no preview any more, and a free order still needs its address.
        return []

    # ---- the parts of the page -------------------------------------------------

    def _methods(self):
        if not hasattr(self, "_enabled"):
            self._enabled = registry.enabled_methods()
        return self._enabled

    def _saved_addresses(self):
        """The signed-in buyer's address book, the default delivery address first
        (as Oscar's address step offered it)."""
        user = self.request.user
        if not user.is_authenticated:
            return []
        if not hasattr(self, "_addresses"):
            self._addresses = list(
                user.addresses.filter(country__is_shipping_country=True)
                .select_related("country")
                .order_by("-is_default_for_shipping", "-pk")
            )
        return self._addresses

    def _forms(self):
        """The page's forms, bound to the POST when there is one."""
        if hasattr(self, "_bound_forms"):
            return self._bound_forms
        data = self.request.POST if self.request.method == "POST" else None
        session = self.checkout_session
        saved = self._saved_addresses()
        chosen = data.get("address_id") if data is not None else None
        if chosen is None:
            session_id = session.shipping_user_address_id()
            chosen = str(session_id or (saved[0].pk if saved else NEW_ADDRESS))
        address_initial = session.new_shipping_address_fields() or {}
        address_initial = {
            k: v for k, v in address_initial.items() if k != "country_id"
        }
        address = ShippingAddressForm(
            data,
            initial=address_initial,
            # A saved address may be chosen: the browser must not insist on the
            # form's boxes then.
            use_required_attribute=not saved,
        )
        email = None
        if not self.request.user.is_authenticated:
            email = GuestEmailForm(
                data, initial={"email": session.get_guest_email() or ""}
            )
        method_code = session._get("payment", "method")
        if method_code not in {m.code for m in self._methods()}:
            method_code = self._methods()[0].code if self._methods() else ""
        payment = PaymentMethodForm(
            data, methods=self._methods(), initial={PAYMENT_METHOD_FIELD: method_code}
        )
        self._bound_forms = {
            "email_form": email,
            "address_form": address,
            "payment_method_form": payment,
            "address_choice": chosen,
        }
        return self._bound_forms

    def _chosen_saved_address(self):
        choice = self._forms()["address_choice"]
        return next((a for a in self._saved_addresses() if str(a.pk) == choice), None)

    def _destination(self):
        """The province the buyer chose so far, as an unsaved address, to price
        each shop's delivery on the page."""
        saved = self._chosen_saved_address()
        if saved is not None:
            return ShippingAddress(state=saved.state)
        form = self._forms()["address_form"]
        code = form["province"].value()
        province = places.province(int(code)) if str(code or "").isdigit() else None
        return ShippingAddress(state=province.name) if province else None

    # ---- what Oscar's session mixin reads ---------------------------------------

    def get_shipping_address(self, basket):
        """The address the order goes to once recorded (as Oscar's session mixin
        builds it, from the objects in hand rather than read again), before that
        the province chosen so far."""
        if not basket.is_shipping_required():
            return None
        recorded = getattr(self, "_recorded", None)
        if recorded is None:
            return self._destination()
        address = ShippingAddress()
        if isinstance(recorded, dict):
            address = ShippingAddress(**recorded)
            address.country = self._forms()["address_form"].instance.country
        else:
            recorded.populate_alternative_model(address)
        return address

    def get_shipping_method(self, basket, shipping_address=None, **kwargs):
        """The one method (each seller's rate to the province), with or without a
        province yet: the page shows its charges and total from the start."""
        methods = Repository().get_shipping_methods(
            basket=basket,
            user=self.request.user,
            shipping_addr=shipping_address,
            request=self.request,
        )
        return methods[0] if methods else None

    def _chosen_method(self):
        code = self._forms()["payment_method_form"].data.get(PAYMENT_METHOD_FIELD)
        enabled = self._methods()
        if code is None:
            code = self.checkout_session._get("payment", "method")
        return next((m for m in enabled if m.code == code), enabled[0])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self._forms())
        ctx["addresses"] = self._saved_addresses()
        ctx["payment_methods"] = self._methods()
        ctx["payment_method"] = self._chosen_method()
        ctx["new_address"] = NEW_ADDRESS
        ctx["login_url"] = (
            reverse("customer:login") + "?" + urlencode({"next": self.request.path})
        )
        return ctx

    # ---- requests ----------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        signals.start_checkout.send_robust(sender=self, request=request)
        return self.render_page()

    def render_page(self, **kwargs):
        self.preview = False
        return self.render_to_response(self.get_context_data(**kwargs))

    # Oscar's ``submit`` shows a payment or placement problem on the payment details
    # or preview page: both are this page, with the message and the basket kept.
    def render_payment_details(self, request, **kwargs):
        return self.render_page(**kwargs)

    render_preview = render_payment_details

    def post(self, request, *args, **kwargs):
        parts = self._forms()
        if request.POST.get(STEP_FIELD):
            # Only the province was chosen (without JavaScript): its communes now.
            return self.render_page()
        saved = self._chosen_saved_address()
        if parts["address_choice"] not in (NEW_ADDRESS, None) and saved is None:
            return http.HttpResponseBadRequest()
        forms_to_check = [parts["payment_method_form"]]
        if parts["email_form"] is not None:
            forms_to_check.append(parts["email_form"])
        if saved is None:
            forms_to_check.append(parts["address_form"])
        # Every form, so that every error shows at once.
        valid = [form.is_valid() for form in forms_to_check]
        if not all(valid):
            return self.render_page()
        self._record(saved)
        return self.submit(**self.build_submission())

    def _record(self, saved_address):
        """What Oscar's steps kept in the checkout session, in one go."""
        session, parts = self.checkout_session, self._forms()
        if parts["email_form"] is not None:
            email = parts["email_form"].cleaned_data["email"]
            session.set_guest_email(email)
            signals.start_checkout.send_robust(
                sender=self, request=self.request, email=email
            )
        if saved_address is not None:
            session.ship_to_user_address(saved_address)
            self._recorded = saved_address
        else:
            instance = parts["address_form"].instance
            fields = {
                k: v for k, v in instance.__dict__.items() if not k.startswith("_")
            }
            session.ship_to_new_address(fields)
            self._recorded = fields
        basket = self.request.basket
        method = self.get_shipping_method(basket, self.get_shipping_address(basket))
        if method is not None:
            session.use_shipping_method(method.code)
        session._set(
            "payment",
            "method",
            parts["payment_method_form"].cleaned_data[PAYMENT_METHOD_FIELD],
        )


class StepRedirectView(generic.RedirectView):
    """Oscar's old step URLs (address, shipping method, payment, preview): the one
    page, so that bookmarks, the back button and old links land somewhere."""

    pattern_name = "checkout:index"
