from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.apps.dashboard.partners.views import *  # noqa: F403
from oscar.core.loading import get_class, get_model

from shop.partner.selectors import seller_for_user
from shop.partner.services import seller_user_invite
from shop.site import site_url

Partner = get_model("partner", "Partner")
PartnerCreateForm, SellerSettingsForm, SellerInviteForm = (
    get_class("dashboard.partners.forms", name)
    for name in ("PartnerCreateForm", "SellerSettingsForm", "SellerInviteForm")
)


class PartnerManageView(generic.UpdateView):
    """The operator's page for one seller: profile, terms (commission, suspension)
    and the users who work for it."""

    model = Partner
    template_name = "oscar/dashboard/partners/partner_manage.html"
    form_class = PartnerCreateForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(partner=self.object, title=self.object.name)
        ctx["users"] = self.object.users.all()
        return ctx

    def get_success_url(self):
        messages.success(
            self.request,
            _("Partner '%s' was updated successfully.") % self.object.name,
        )
        return reverse("dashboard:partner-manage", kwargs={"pk": self.object.pk})


class PartnerUserInviteView(generic.FormView):
    """Invite someone to work for a seller: they get an email with a link to set
    their password, then sign in to the seller dashboard."""

    template_name = "oscar/dashboard/partners/partner_user_invite.html"
    form_class = SellerInviteForm

    def dispatch(self, request, *args, **kwargs):
        self.partner = get_object_or_404(Partner, pk=kwargs["partner_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(partner=self.partner, title=_("Invite a user"))
        return ctx

    def form_valid(self, form):
        user = seller_user_invite(
            partner=self.partner,
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            # The site's own address, never the Host header a request claims.
            site_url=site_url("/"),
        )
        messages.success(
            self.request,
            _("An invitation was sent to %(email)s.") % {"email": user.email},
        )
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("dashboard:partner-manage", kwargs={"pk": self.partner.pk})


class SellerSettingsView(generic.UpdateView):
    """A seller's own shop settings: profile shown on the storefront and its
    delivery rate."""

    template_name = "oscar/dashboard/partners/seller_settings.html"
    form_class = SellerSettingsForm

    def get_object(self, queryset=None):
        seller = seller_for_user(user=self.request.user)
        if seller is None:
            raise Http404(_("You do not work for a seller."))
        return seller

    def get_success_url(self):
        messages.success(self.request, _("Your shop settings were saved."))
        return reverse("dashboard:seller-settings")
