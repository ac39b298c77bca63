"""Add to basket in fewer queries (issue 19: 26 → at most 15), same behaviour.

Oscar's add-to-basket request read the product, then its class and whether it has
options (two more queries), the stock record twice, counted the basket's lines four
times, and looked the offers up twice: once when the middleware loaded the basket and
again after the product was added. Here:

- the product comes with its class, its option flags and its stock records (with the
  seller) in two queries, and the form asks for no options when it has none;
- the basket's lines are read before they are counted, so "is it empty?" and "how
  many of this product does it hold?" are answered from them;
- the offers that apply (site offers, the basket's vouchers, the visitor's) are looked
  up once a request and applied twice, as before: when the basket is loaded and after
  the product is added, with the same "offer gained/lost" and new-total messages.

The stock record and product class already read in a request are reused for the
basket's line of the same product by the strategy (shop/partner/strategy.py).
"""

import functools

from django import forms, shortcuts
from django.contrib import messages
from django.db import connection
from django.db.models import BooleanField, Prefetch, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from oscar.apps.basket import views as oscar_views
from oscar.apps.basket.forms import AddToBasketForm as OscarAddToBasketForm
from oscar.apps.basket.middleware import BasketMiddleware as OscarBasketMiddleware
from oscar.apps.basket.utils import BasketMessageGenerator
from oscar.core.loading import get_model

from catalogue.selectors import with_option_flags
from shop.offers import RequestOffersApplicator

Basket = get_model("basket", "Basket")
LineAttribute = get_model("basket", "LineAttribute")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def _lines_read(basket, *, maybe_empty: bool = False) -> None:
    """Read the basket's lines now: Oscar's ``is_empty`` then counts them in memory
    (``QuerySet.count`` of a read query set) instead of asking the database.

    Read as Oscar's ``Basket.all_lines`` reads them, with what pricing each line and
    every checkout page ask of it joined: the product's class (does it need shipping,
    is its stock tracked?) and the stock record's seller (suspended? whose shipping?),
    otherwise two queries per line on each request of the checkout.

    The same query says whether each line has options chosen (attributes), whether
    its product is sold from other stock records than the line's, and whether the
    basket holds vouchers: what Oscar asked in three more queries on every request
    (the lines' attributes, the product's stock record for its price, the basket's
    vouchers for its offers) is then read only when there is something to read.
    """
    if basket.id is None:
        return
    if maybe_empty and basket._lines is None and not basket.lines.exists():
        # Empty, as a signed-in buyer's basket mostly is while they browse: a plain
        # query instead of building the one below (about 7 ms of CPU, for no line).
        # A visitor's basket cookie is only set once something was added.
        basket._lines = basket.lines.none()
    if basket._lines is None:
        basket._lines = (
            basket.lines.select_related(
                "product__product_class",
                "product__parent__product_class",
                "stockrecord__partner",
            )
            .annotate(**_line_flags())
            .prefetch_related("product__images")
            .order_by(basket._meta.pk.name)
        )
        _lines_known(basket, list(basket._lines))
    len(basket._lines)


@functools.cache
def _line_flags() -> dict:
    """The three yes/no columns of ``_lines_read``, as ``EXISTS`` subqueries written
    out once: Django compiled its three ``Exists(...)`` again on every request, and
    they took about two fifths of the time a one-line basket took to read (issue
    19)."""
    q = connection.ops.quote_name

    def column(model, name):
        return q(model._meta.get_field(name).column)

    Line = Basket.lines.rel.related_model
    line = q(Line._meta.db_table)
    vouchers = Basket.vouchers.through

    def exists(sql):
        return RawSQL(f"EXISTS ({sql})", (), output_field=BooleanField())

    return {
        "has_attributes": exists(
            f"SELECT 1 FROM {q(LineAttribute._meta.db_table)} a "
            f"WHERE a.{column(LineAttribute, 'line')} = {line}.{column(Line, 'id')}"
        ),
        "sold_elsewhere": exists(
            f"SELECT 1 FROM {q(StockRecord._meta.db_table)} s "
            f"WHERE s.{column(StockRecord, 'product')} = "
            f"{line}.{column(Line, 'product')} "
            f"AND s.{column(StockRecord, 'id')} <> {line}.{column(Line, 'stockrecord')}"
        ),
        "basket_has_vouchers": exists(
            f"SELECT 1 FROM {q(vouchers._meta.db_table)} v "
            f"WHERE v.{column(vouchers, 'basket')} = {line}.{column(Line, 'basket')}"
        ),
    }


def _none_prefetched(instance, name: str) -> None:
    """``instance.<name>.all()`` answers empty without a query, as if prefetched."""
    empty = getattr(instance, name).all()
    empty._result_cache = []
    empty._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = empty


def _lines_known(basket, lines) -> None:
    """What the annotations of ``_lines_read`` tell, kept where Oscar looks."""
    with_attributes = [line for line in lines if line.has_attributes]
    prefetch_related_objects(with_attributes, "attributes")
    for line in lines:
        if not line.has_attributes:
            _none_prefetched(line, "attributes")
    if lines and not lines[0].basket_has_vouchers:
        _none_prefetched(basket, "vouchers")
    for line in lines:
        # The stock record's product is the line's, read with its class (does it
        # track stock?, asked when the order allocates it).
        record = line.stockrecord
        if record is not None and record.product_id == line.product_id:
            record.product = line.product
    # The strategy prices a product from its first stock record: when the line's
    # is the product's only one, it is that one, already read with its seller.
    strategy = getattr(basket, "_strategy", None)
    if strategy is not None and hasattr(strategy, "_records_read"):
        read = strategy._records_read()
        for line in lines:
            if line.stockrecord_id is not None and not line.sold_elsewhere:
                read.setdefault(line.product_id, line.stockrecord)


def _quantity_in(basket, product) -> int:
    """``basket.product_quantity(product)``, from the lines when they are read."""
    if basket.id is None:
        return 0
    lines = basket._lines
    if lines is None or lines._result_cache is None:
        return basket.product_quantity(product)
    return sum(line.quantity for line in lines if line.product_id == product.pk)


class BasketMiddleware(OscarBasketMiddleware):
    """Oscar's basket middleware; the lines read once and the offers looked up once."""

    def apply_offers_to_basket(self, request, basket):
        _lines_read(basket, maybe_empty=request.user.is_authenticated)
        if not basket.is_empty:
            RequestOffersApplicator().apply(basket, request.user, request)


class AddToBasketForm(OscarAddToBasketForm):
    def clean(self):
        """Oscar's checks (a price, the basket's currency, enough stock for what the
        basket will hold), with the quantity already in the basket summed from its
        lines, read a moment ago, instead of asked again."""
        info = self.basket.strategy.fetch_for_product(self.product)
        if not info.price.exists:
            raise forms.ValidationError(
                _(
                    "This product cannot be added to the basket because a "
                    "price could not be determined for it."
                )
            )
        if self.basket.currency and info.price.currency != self.basket.currency:
            raise forms.ValidationError(
                _(
                    "This product cannot be added to the basket as its currency "
                    "isn't the same as other products in your basket"
                )
            )
        desired = _quantity_in(self.basket, self.product) + self.cleaned_data.get(
            "quantity", 1
        )
        is_permitted, reason = info.availability.is_purchase_permitted(desired)
        if not is_permitted:
            raise forms.ValidationError(reason)
        return self.cleaned_data

    def cleaned_options(self):
        # Oscar reads the product's options even when it has none (a query).
        if not self.parent_product.has_options:
            return []
        return super().cleaned_options()


class _MessageGenerator(BasketMessageGenerator):
    def apply_messages(self, request, offers_before):
        """Oscar's, with the lines read before they are counted and the offers
        looked up by the middleware's lookup of this request."""
        request.basket.reset_offer_applications()
        _lines_read(request.basket)
        RequestOffersApplicator().apply(request.basket, request.user, request)
        offers_after = request.basket.applied_offers()
        for level, msg in self.get_messages(
            request.basket, offers_before, offers_after
        ):
            messages.add_message(request, level, msg, extra_tags="safe noicon")


def products_for_basket():
    """Products with what adding one to a basket reads: class, parent, option flags,
    stock records with their sellers."""
    return with_option_flags(
        Product._default_manager.select_related(
            "product_class", "parent__product_class"
        )
    ).prefetch_related(
        Prefetch(
            "stockrecords",
            queryset=StockRecord._default_manager.select_related("partner"),
        )
    )


class BasketAddView(oscar_views.BasketAddView):
    """Oscar's add-to-basket view (same form checks, messages and signal)."""

    form_class = AddToBasketForm

    def post(self, request, *args, **kwargs):
        self.product = shortcuts.get_object_or_404(
            products_for_basket(), pk=kwargs["pk"]
        )
        return FormView.post(self, request, *args, **kwargs)

    def form_valid(self, form):
        # Oscar's form_valid, with the message generator above.
        offers_before = self.request.basket.applied_offers()
        basket = self.request.basket
        if basket.id is None:
            # A visitor's first product: the basket is saved here, as Oscar's
            # add_product would, and known to be empty, so that asking its lines'
            # currency reads no lines.
            basket.save()
            basket._lines = basket.lines.none()
        self.line, self.line_created = basket.add_product(
            form.product, form.cleaned_data["quantity"], form.cleaned_options()
        )
        # "Mua ngay" goes on to the checkout page, which lists the basket with its
        # discounts and total: "added to your basket, now worth…" would only repeat
        # it there.
        if self.request.POST.get("next") != reverse("checkout:index"):
            messages.success(
                self.request, self.get_success_message(form), extra_tags="safe noicon"
            )
            _MessageGenerator().apply_messages(self.request, offers_before)
        self.add_signal.send(
            sender=self,
            product=form.product,
            user=self.request.user,
            request=self.request,
        )
        return FormView.form_valid(self, form)
