"""The seller type and OCOP group shown on product pages and seller cards: the same
label Django's ``get_FOO_display`` gives, in each language, for every choice and for
a value that is none of them (shop/choices.py finds it faster)."""

import pytest
from django.db.models import Model
from django.utils import translation
from oscar.core.loading import get_model

from catalogue.ocop import OcopGroup

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_labels_are_djangos_in_each_language(language):
    cases = [
        *((Product(ocop_group=value), "ocop_group") for value in OcopGroup.values),
        (Product(ocop_group=None), "ocop_group"),
        (Product(ocop_group=99), "ocop_group"),
        *(
            (Partner(seller_type=value), "seller_type")
            for value in Partner.SellerType.values
        ),
        (Partner(seller_type="unknown"), "seller_type"),
    ]
    with translation.override(language):
        for instance, name in cases:
            field = instance._meta.get_field(name)
            ours = getattr(instance, f"get_{name}_display")()
            assert ours == Model._get_FIELD_display(instance, field), (name, ours)
    with translation.override("en"):
        assert Product(ocop_group=OcopGroup.values[0]).get_ocop_group_display() == (
            "Food"
        )
