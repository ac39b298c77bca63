"""No dashboard URL lets a seller see or change another seller's objects.

Every URL of the dashboard is listed in exactly one of the tables below. A URL added
to the dashboard (a new Oscar version, a new fork) fails
``test_every_dashboard_url_is_classified`` until someone decides which table it
belongs in and so writes its check.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")

pytestmark = pytest.mark.django_db


def dashboard_url_names() -> set[str]:
    """Names of every URL pattern in the ``dashboard`` namespace, from the resolver."""

    def walk(patterns, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespaces + ([pattern.namespace] if pattern.namespace else [])
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and "dashboard" in namespaces:
                yield pattern.name

    return set(walk(get_resolver().url_patterns, []))


#: Operator-only URLs: a seller's user lacks the permission, so Oscar answers 403
#: before any view code runs. Arguments name the other seller's objects where the
#: URL takes one of its kind.
STAFF_ONLY = {
    "catalogue-product-create-child": lambda m: {"parent_pk": m.plum.pk},
    "stock-alert-list": None,
    "catalogue-category-list": None,
    "catalogue-category-detail-list": lambda m: {"pk": 1},
    "catalogue-category-create": None,
    "catalogue-category-create-child": lambda m: {"parent": 1},
    "catalogue-category-update": lambda m: {"pk": 1},
    "catalogue-category-delete": lambda m: {"pk": 1},
    "catalogue-class-create": None,
    "catalogue-class-list": None,
    "catalogue-class-update": lambda m: {"pk": m.plum.product_class_id},
    "catalogue-class-delete": lambda m: {"pk": m.plum.product_class_id},
    "catalogue-attribute-option-group-create": None,
    "catalogue-attribute-option-group-list": None,
    "catalogue-attribute-option-group-update": lambda m: {"pk": 1},
    "catalogue-attribute-option-group-delete": lambda m: {"pk": 1},
    "catalogue-option-list": None,
    "catalogue-option-create": None,
    "catalogue-option-update": lambda m: {"pk": 1},
    "catalogue-option-delete": lambda m: {"pk": 1},
    "reports-index": None,
    "order-stats": None,
    "order-detail-note": lambda m: {"number": m.mixed.number, "note_id": 1},
    "order-shipping-address": lambda m: {"number": m.mixed.number},
    "users-index": None,
    "user-detail": lambda m: {"pk": m.plum_user.pk},
    "user-password-reset": lambda m: {"pk": m.plum_user.pk},
    "user-alert-list": None,
    "user-alert-delete": lambda m: {"pk": 1},
    "user-alert-update": lambda m: {"pk": 1},
    "page-list": None,
    "page-create": None,
    "page-update": lambda m: {"pk": 1},
    "page-delete": lambda m: {"pk": 1},
    "partner-user-invite": lambda m: {"partner_pk": m.plum_coop.pk},
    "partner-list": None,
    "partner-create": None,
    "partner-manage": lambda m: {"pk": m.plum_coop.pk},
    "partner-delete": lambda m: {"pk": m.plum_coop.pk},
    "partner-user-create": lambda m: {"partner_pk": m.plum_coop.pk},
    "partner-user-select": lambda m: {"partner_pk": m.plum_coop.pk},
    "partner-user-link": lambda m: {
        "partner_pk": m.plum_coop.pk,
        "user_pk": m.tea_user.pk,
    },
    "partner-user-unlink": lambda m: {
        "partner_pk": m.plum_coop.pk,
        "user_pk": m.plum_user.pk,
    },
    "partner-user-update": lambda m: {
        "partner_pk": m.plum_coop.pk,
        "user_pk": m.plum_user.pk,
    },
    "offer-list": None,
    "offer-metadata": None,
    "offer-condition": None,
    "offer-benefit": None,
    "offer-restrictions": None,
    "offer-delete": lambda m: {"pk": 1},
    "offer-detail": lambda m: {"pk": 1},
    "range-list": None,
    "range-create": None,
    "range-update": lambda m: {"pk": 1},
    "range-delete": lambda m: {"pk": 1},
    "range-products": lambda m: {"pk": 1},
    "range-reorder": lambda m: {"pk": 1},
    "reviews-list": None,
    "reviews-update": lambda m: {"pk": 1},
    "reviews-delete": lambda m: {"pk": 1},
    "voucher-list": None,
    "voucher-create": None,
    "voucher-update": lambda m: {"pk": 1},
    "voucher-delete": lambda m: {"pk": 1},
    "voucher-stats": lambda m: {"pk": 1},
    "voucher-set-list": None,
    "voucher-set-create": None,
    "voucher-set-update": lambda m: {"pk": 1},
    "voucher-set-detail": lambda m: {"pk": 1},
    "voucher-set-download": lambda m: {"pk": 1},
    "voucher-set-delete": lambda m: {"pk": 1},
    "comms-list": None,
    "comms-update": lambda m: {"slug": "ORDER_PLACED"},
    "shipping-method-list": None,
    "shipping-method-create": None,
    "shipping-method-detail": lambda m: {"pk": 1},
    "shipping-method-edit": lambda m: {"pk": 1},
    "shipping-method-delete": lambda m: {"pk": 1},
    "shipping-method-band-edit": lambda m: {"method_pk": 1, "pk": 1},
    "shipping-method-band-delete": lambda m: {"method_pk": 1, "pk": 1},
}


@dataclass(frozen=True)
class Attempt:
    """A seller's request that names another seller's object, and the refusal it
    must get: ``"denied"`` (403 or 404) or ``"rejected"`` (the form is shown again
    with an error: create forms, whose objects do not exist yet)."""

    name: str
    method: str
    kwargs: object = None  # market -> URL kwargs
    data: object = None  # market -> query or form data
    expect: str = "denied"
    hidden: tuple = ()  # texts of the other seller that must not be in the answer


def _line_of(order, seller):
    return order.lines.get(partner=seller)


#: URLs a seller may open: each with the requests that try to reach the other
#: seller's products, stock, images, orders and lines.
SELLER_ATTEMPTS = [
    # Products, with their stock records and images (edited on the product form).
    Attempt("catalogue-product", "get", lambda m: {"pk": m.plum.pk}),
    Attempt(
        "catalogue-product",
        "post",
        lambda m: {"pk": m.plum.pk},
        lambda m: {
            "title": "Taken over",
            "stockrecords-TOTAL_FORMS": "1",
            "stockrecords-INITIAL_FORMS": "0",
            "stockrecords-0-partner": m.tea_coop.pk,
            "stockrecords-0-price": "1",
            "stockrecords-0-num_in_stock": "0",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
        },
    ),
    Attempt("catalogue-product-delete", "get", lambda m: {"pk": m.plum.pk}),
    Attempt("catalogue-product-delete", "post", lambda m: {"pk": m.plum.pk}),
    Attempt(
        "catalogue-product-create",
        "post",
        lambda m: {"product_class_slug": m.plum.product_class.slug},
        lambda m: {
            "title": "Listed for someone else",
            "stockrecords-TOTAL_FORMS": "1",
            "stockrecords-INITIAL_FORMS": "0",
            "stockrecords-0-partner": m.plum_coop.pk,
            "stockrecords-0-price_currency": "VND",
            "stockrecords-0-price": "1000",
            "stockrecords-0-num_in_stock": "5",
            "categories-TOTAL_FORMS": "0",
            "categories-INITIAL_FORMS": "0",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
            "recommended_products-TOTAL_FORMS": "0",
            "recommended_products-INITIAL_FORMS": "0",
        },
        expect="rejected",
    ),
    Attempt(
        "catalogue-product-bulk-action",
        "post",
        None,
        lambda m: {
            "action": "make_products_non_public",
            "selected_product": [m.plum.pk],
        },
        expect="any",
    ),
    Attempt(
        "catalogue-product-list",
        "get",
        None,
        lambda m: {"upc": m.plum.upc},
        expect="listed-without",
        hidden=("Mận tam hoa",),
    ),
    Attempt(
        "catalogue-product-lookup",
        "get",
        None,
        lambda m: {"q": "Mận"},
        expect="listed-without",
        hidden=("Mận tam hoa",),
    ),
    Attempt(
        "catalogue-product-create",
        "get",
        None,
        None,
        expect="any",
    ),
    # The seller's own product form: another seller's product is not found, and a
    # new product always belongs to the user's own seller.
    Attempt("seller-product-edit", "get", lambda m: {"pk": m.plum.pk}),
    Attempt(
        "seller-product-edit",
        "post",
        lambda m: {"pk": m.plum.pk},
        lambda m: {"title": "Taken over", "price": "1", "action": "publish"},
    ),
    Attempt(
        "seller-product-edit",
        "post",
        lambda m: {"pk": m.plum.pk},
        lambda m: {"title": "Taken over", "photo_delete": m.plum_image.pk},
    ),
    Attempt(
        "seller-product-create",
        "post",
        None,
        lambda m: {"title": "Listed here", "photo_delete": m.plum_image.pk},
        expect="any",
    ),
    Attempt("seller-communes", "get", None, lambda m: {"province": "1"}, expect="any"),
    # Orders and their lines.
    Attempt("order-detail", "get", lambda m: {"number": m.plum_only.number}),
    Attempt(
        "order-detail",
        "post",
        lambda m: {"number": m.plum_only.number},
        lambda m: {"order_action": "record_cash_received"},
    ),
    Attempt(
        "order-detail",
        "post",
        lambda m: {"number": m.mixed.number},
        lambda m: {
            "line_action": "change_line_statuses",
            "selected_line": [_line_of(m.mixed, m.plum_coop).pk],
            f"selected_line_qty_{_line_of(m.mixed, m.plum_coop).pk}": "1",
            "new_status": "Cancelled",
        },
    ),
    Attempt(
        "order-detail",
        "post",
        lambda m: {"number": m.mixed.number},
        lambda m: {
            "line_action": "advance_line",
            "selected_line": [_line_of(m.mixed, m.plum_coop).pk],
            f"selected_line_qty_{_line_of(m.mixed, m.plum_coop).pk}": "1",
            "new_status": "Cancelled",
            "confirm": "yes",
            "reason": "x",
        },
    ),
    Attempt(
        "order-detail",
        "get",
        lambda m: {"number": m.mixed.number},
        None,
        expect="listed-without",
        hidden=("Mận tam hoa", "MAN-1", "hoa@example.com", "lan@example.com"),
    ),
    Attempt(
        "order-line-detail",
        "get",
        lambda m: {
            "number": m.mixed.number,
            "line_id": _line_of(m.mixed, m.plum_coop).pk,
        },
    ),
    Attempt(
        "order-line-detail",
        "get",
        lambda m: {
            "number": m.plum_only.number,
            "line_id": _line_of(m.plum_only, m.plum_coop).pk,
        },
    ),
    Attempt(
        "order-list",
        "get",
        None,
        lambda m: {"order_number": m.plum_only.number},
        expect="listed-without",
        hidden=("Mận tam hoa",),
    ),
    Attempt(
        "order-list",
        "post",
        None,
        lambda m: {
            "action": "change_order_statuses",
            "new_status": "Cancelled",
            "selected_order": [m.mixed.pk, m.plum_only.pk],
        },
        expect="any",
    ),
    Attempt(
        "order-list",
        "get",
        None,
        lambda m: {"response_format": "csv"},
        expect="listed-without",
        hidden=("hoa@example.com", "lan@example.com"),
    ),
    # The seller's own pages name no seller: they always act on the user's own.
    Attempt("index", "get", expect="listed-without", hidden=("Mận tam hoa", "435.000")),
    Attempt(
        "seller-settings",
        "post",
        None,
        lambda m: {
            "name": "HTX Chè Bản Liền",
            "seller_type": "cooperative",
            "shipping_charge": "25000",
            "commission_rate": "0",
            "is_suspended": "on",
        },
        expect="any",
    ),
]

#: Reachable without being a seller; they name no object.
PUBLIC = {"login", "logout"}


def test_every_dashboard_url_is_classified():
    classified = set(STAFF_ONLY) | {a.name for a in SELLER_ATTEMPTS} | PUBLIC
    assert dashboard_url_names() - classified == set(), (
        "New dashboard URLs: add each to STAFF_ONLY or SELLER_ATTEMPTS"
    )
    assert classified - dashboard_url_names() == set(), "Stale names in the tables"


def snapshot(m) -> dict:
    """Everything of the other seller (and the shared orders) a request could change."""
    plum = Product.objects.get(pk=m.plum.pk)
    return {
        "product": (plum.title, plum.is_public, plum.structure),
        "stock": sorted(
            plum.stockrecords.values_list(
                "partner_id", "partner_sku", "price", "num_in_stock"
            )
        ),
        "images": sorted(plum.images.values_list("pk", "original")),
        "plum_products": Product.objects.filter(
            stockrecords__partner=m.plum_coop
        ).count(),
        "orders": [
            (o.status, sorted(o.lines.values_list("pk", "status", "partner_id")))
            for o in (m.mixed, m.plum_only)
            for o in [type(o).objects.get(pk=o.pk)]
        ],
        "payments": [
            (o.payment_events.count(), list(o.sources.values_list("amount_debited")))
            for o in (m.mixed, m.plum_only)
        ],
        "sellers": sorted(
            Partner.objects.values_list("pk", "name", "is_suspended", "commission_rate")
        ),
        "plum_seller_users": sorted(m.plum_coop.users.values_list("pk", flat=True)),
    }


def _request(client, method, url, data):
    return getattr(client, method)(url, data or {})


def test_seller_is_refused_every_operator_url(client, market):
    # One test over the whole table rather than one per URL: building the market
    # ninety times would make the suite slow, and the failure lists every URL.
    client.force_login(market.tea_user)
    before = snapshot(market)
    answered = {}
    for name, kwargs_of in sorted(STAFF_ONLY.items()):
        url = reverse(
            f"dashboard:{name}", kwargs=kwargs_of(market) if kwargs_of else {}
        )
        codes = (
            client.get(url).status_code,
            client.post(url, {"name": "x", "title": "x"}).status_code,
        )
        if codes != (403, 403):
            answered[name] = codes
    assert answered == {}
    assert snapshot(market) == before


@pytest.mark.parametrize(
    "attempt",
    SELLER_ATTEMPTS,
    ids=[f"{a.name}-{a.method}-{i}" for i, a in enumerate(SELLER_ATTEMPTS)],
)
def test_seller_cannot_reach_another_sellers_objects(client, market, attempt):
    kwargs = attempt.kwargs(market) if attempt.kwargs else {}
    url = reverse(f"dashboard:{attempt.name}", kwargs=kwargs)
    data = attempt.data(market) if attempt.data else None
    client.force_login(market.tea_user)
    before = snapshot(market)

    response = _request(client, attempt.method, url, data)

    if attempt.expect == "denied":
        assert response.status_code in (403, 404)
    elif attempt.expect == "rejected":
        assert response.status_code == 200
        assert response.context["stockrecord_formset"].errors
    elif attempt.expect == "listed-without":
        assert response.status_code == 200
    body = response.content.decode()
    for text in attempt.hidden:
        assert text not in body
    after = snapshot(market)
    if attempt.name == "seller-settings":
        # Sellers edit their own profile, never their suspension or commission.
        market.tea_coop.refresh_from_db()
        assert market.tea_coop.shipping_charge == 25000
        assert not market.tea_coop.is_suspended
        before["sellers"] = after["sellers"]
    assert after == before
