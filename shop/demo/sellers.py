"""Demo marketplace terms: each seller's delivery rate and the operator's commission.

Set only while still at their defaults (0), so a rate a demo seller changed in the
dashboard survives loading the demo again.
"""

from decimal import Decimal

#: Flat delivery charge per order, in đồng; sellers in remote communes charge more.
DEFAULT_SHIPPING_CHARGE = Decimal(25000)
SHIPPING_CHARGES = {
    "htx-che-ban-lien": Decimal(30000),
    "htx-quang-tom": Decimal(20000),
}
DEFAULT_COMMISSION_RATE = Decimal(5)


def marketplace_terms_ensure(*, sellers) -> None:
    """Give demo sellers a delivery rate and a commission rate if they have none."""
    for seller in sellers:
        changed = []
        if not seller.shipping_charge:
            seller.shipping_charge = SHIPPING_CHARGES.get(
                seller.code, DEFAULT_SHIPPING_CHARGE
            )
            changed.append("shipping_charge")
        if not seller.shipping_charge_other_province:
            # Farther is dearer: carriers charge about half as much again.
            seller.shipping_charge_other_province = seller.shipping_charge * 3 // 2
            changed.append("shipping_charge_other_province")
        if not seller.commission_rate:
            seller.commission_rate = DEFAULT_COMMISSION_RATE
            changed.append("commission_rate")
        if changed:
            seller.save(update_fields=changed)
