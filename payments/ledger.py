"""The payout ledger: what the marketplace owes each seller, as entries.

Credits are positive (a paid line less commission), refunds and payouts negative;
amounts are whole đồng.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from payments.models import PayoutLedgerEntry


def commission_rate(partner) -> Decimal:
    """The share of a sale the marketplace keeps for ``partner`` (0.05 = 5 %).

    The operator sets it per seller, in percent, as ``Partner.commission_rate``.
    """
    return Decimal(str(partner.commission_rate)) / 100


def _commission(gross: int, rate: Decimal) -> int:
    return int((Decimal(gross) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ledger_order_credit(*, order, lines=None) -> None:
    """Credit each line's seller with the line total less commission, once per line.

    One insert for the whole order; a line already credited is skipped by the
    database (the unique constraint on sale entries), not by a read beforehand.
    ``lines`` are the order's lines with their partner, when the caller has them.
    """
    if lines is None:
        lines = order.lines.select_related("partner")
    entries = []
    for line in lines:
        if line.partner is None:
            continue
        gross = int(line.line_price_incl_tax)
        commission = _commission(gross, commission_rate(line.partner))
        entries.append(
            PayoutLedgerEntry(
                line=line,
                kind=PayoutLedgerEntry.Kind.SALE,
                partner=line.partner,
                gross=gross,
                commission=commission,
                amount=gross - commission,
                reference=order.number,
            )
        )
    PayoutLedgerEntry.objects.bulk_create(entries, ignore_conflicts=True)


def ledger_refund_debit(
    *, order, amount: int, lines: dict | None, reference: str
) -> None:
    """Debit sellers for a refund: the refunded lines, or (``lines`` None) each
    line pro rata."""
    if lines is not None:
        parts = {line: int(line.unit_price_incl_tax) * q for line, q in lines.items()}
    else:
        total = sum(int(line.line_price_incl_tax) for line in order.lines.all()) or 1
        parts = {
            line: int(line.line_price_incl_tax) * amount // total
            for line in order.lines.all()
        }
    for line, gross in parts.items():
        if line.partner is None or gross <= 0:
            continue
        commission = _commission(gross, commission_rate(line.partner))
        PayoutLedgerEntry.objects.create(
            partner=line.partner,
            kind=PayoutLedgerEntry.Kind.REFUND,
            line=line,
            gross=-gross,
            commission=-commission,
            amount=-(gross - commission),
            reference=reference or order.number,
        )


def ledger_payout_record(*, partner, amount: int, reference: str, user) -> None:
    """Record ``amount`` đồng paid out to ``partner`` (e.g. a bank transfer)."""
    if amount <= 0:
        raise ValueError(_("A payout must be a positive number of đồng."))
    PayoutLedgerEntry.objects.create(
        partner=partner,
        kind=PayoutLedgerEntry.Kind.PAYOUT,
        amount=-amount,
        reference=reference,
        created_by=user,
    )
