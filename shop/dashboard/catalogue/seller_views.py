"""The seller's one-screen product form: create, edit, order photos, publish."""

from django.contrib import messages
from django.forms.utils import ErrorDict
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from shop import places
from shop.dashboard.catalogue import selectors, services
from shop.dashboard.catalogue.seller_forms import SellerProductForm
from shop.partner.selectors import seller_for_user

PHOTO_ACTIONS = {"photo_up": -1, "photo_down": 1}


class SellerProductView(FormView):
    """ "Đăng sản phẩm": one form, required fields first, drafts allowed.

    ``pk`` in the URL opens one of the seller's own products; another seller's
    product answers 404. Staff without a seller use Oscar's full product form.
    """

    form_class = SellerProductForm
    template_name = "oscar/dashboard/catalogue/seller_product_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.seller = seller_for_user(user=request.user)
        if self.seller is None:
            if request.user.is_staff:
                return redirect("dashboard:catalogue-product-create")
            raise Http404
        self.product = None
        if "pk" in kwargs:
            self.product = get_object_or_404(
                selectors.seller_products(seller=self.seller), pk=kwargs["pk"]
            )
        self.missing = []
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.product is not None:
            return selectors.product_form_initial(
                product=self.product, seller=self.seller
            )
        province = selectors.seller_default_province(seller=self.seller)
        return {"origin_province": province.code if province else None}

    def get(self, request, *args, **kwargs):
        if self.product is not None and not self.product.is_public:
            self.missing = selectors.product_missing_fields(
                product=self.product, seller=self.seller
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "communes":
            # Without JavaScript: show the chosen province's communes, save nothing.
            form = self.get_form()
            form.is_valid()
            form._errors = ErrorDict()
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        post = self.request.POST
        publish = post.get("action") == "publish"
        photo_action = next(
            (name for name in (*PHOTO_ACTIONS, "photo_delete") if name in post), None
        )
        if photo_action and self.product is not None:
            publish = self.product.is_public  # a live product stays live if complete
        product, missing = services.seller_product_save(
            seller=self.seller,
            product=self.product,
            data=form.cleaned_data,
            publish=publish,
        )
        self.product = product
        edit_url = reverse("dashboard:seller-product-edit", kwargs={"pk": product.pk})
        if photo_action:
            image_id = post.get(photo_action, "")
            if image_id.isdigit():
                if photo_action == "photo_delete":
                    services.product_photo_delete(
                        product=product, image_id=int(image_id)
                    )
                else:
                    services.product_photo_move(
                        product=product,
                        image_id=int(image_id),
                        step=PHOTO_ACTIONS[photo_action],
                    )
                services.seller_product_save(
                    seller=self.seller,
                    product=product,
                    data={**form.cleaned_data, "photos": []},
                    publish=product.is_public,
                )
            return redirect(edit_url + "#photos")
        if publish and missing:
            # Saved as a draft; say at the top what is still needed to sell it.
            self.missing = missing
            messages.warning(
                self.request,
                _("Saved as a draft. Fill in what is listed to put it on sale."),
            )
            return redirect(edit_url + "?missing=1")
        if publish:
            messages.success(
                self.request,
                _("“%(title)s” is on sale.") % {"title": product.title},
            )
        else:
            messages.info(self.request, _("Draft saved."))
        return redirect(edit_url)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["form"]
        # After a refused "put on sale" the missing fields are errors, shown beside
        # each field and in the summary; on a draft opened later, a reminder.
        missing_are_errors = "missing" in self.request.GET and not form.is_bound
        if missing_are_errors and self.missing:
            errors = {}
            for name, message in self.missing:
                errors.setdefault(name, form.error_class()).append(message)
            form._errors = ErrorDict(errors)  # an unbound form keeps these as is
        errors = [
            (form[name].auto_id if name in form.fields else "", message)
            for name, field_errors in form.errors.items()
            for message in field_errors
        ]
        ctx.update(
            errors=errors,
            missing_are_errors=missing_are_errors,
            product=self.product,
            seller=self.seller,
            missing=self.missing,
            images=list(self.product.images.all()) if self.product else [],
        )
        return ctx


def seller_communes(request):
    """The communes of one province (``?province=<code>``) for the commune list."""
    try:
        code = int(request.GET.get("province", ""))
    except ValueError:
        code = 0
    return JsonResponse(
        {"communes": [[place.code, place.name] for place in places.communes(code)]}
    )
