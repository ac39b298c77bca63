"""The Chợ 4.0 part of ``manage.py load_demo``: one market, its stalls and some past
transfers, so the board shows takings and adoption from the first look.

Called by ``shop.demo.services`` after the sellers and users are loaded; keyed on
natural keys (market name and province, stall number, transaction id), so loading
again changes nothing.
"""

import datetime
import json

from django.contrib.auth import get_user_model
from django.utils import timezone

from payments.gateway import TransferReport
from payments.markets.models import Market, Stall, StallPayment
from payments.models import BankNotification
from payments.services import bank_notification_process, bank_notification_store

#: Past weeks (1 = last week) → how many of the stalls (in order) took transfers:
#: adoption growing week by week, as a market going cashless would show it.
ADOPTION = {3: 3, 2: 5, 1: 7}
MEMOS = ["chuyen tien mua hang", "CK tien rau", "thanh toan", "NGUYEN VAN AN chuyen"]


def market_demo_upsert(*, market_data, province: str, sellers: dict, report) -> Market:
    """The demo market with its stalls, manager and a few weeks of past transfers."""
    market, created = Market.objects.update_or_create(
        name=market_data.name,
        province=province,
        defaults={"commune": market_data.commune},
    )
    report.count("markets", created=created)
    manager = (
        get_user_model()
        ._default_manager.filter(email=market_data.manager_email)
        .first()
    )
    if manager is not None:
        market.managers.add(manager)
    stalls = []
    for item in market_data.stalls:
        stall, created = Stall.objects.update_or_create(
            market=market,
            number=item.number,
            defaults={
                "zone": item.zone,
                "goods": item.goods,
                "vendor": sellers[item.vendor_code],
            },
        )
        report.count("stalls", created=created)
        stalls.append(stall)
    _past_transfers_ensure(stalls=stalls, report=report)
    return market


def _past_transfers_ensure(*, stalls, report) -> None:
    today = timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    for weeks_ago, adopting in ADOPTION.items():
        monday = this_monday - datetime.timedelta(weeks=weeks_ago)
        for index, stall in enumerate(stalls[:adopting]):
            for weekday in (1, 4):  # Tuesday and Friday market days
                day = monday + datetime.timedelta(days=weekday)
                amount = 15000 + 5000 * ((index * 3 + weekday + weeks_ago) % 9)
                _transfer_ensure(
                    stall=stall,
                    amount=amount,
                    memo=MEMOS[(index + weekday) % len(MEMOS)],
                    at=timezone.make_aware(
                        datetime.datetime.combine(day, datetime.time(7 + index, 15))
                    ),
                    transaction_id=f"DEMO-{stall.pk}-{day.isoformat()}",
                    report=report,
                )


def _transfer_ensure(*, stall, amount, memo, at, transaction_id, report) -> None:
    """One past transfer to ``stall``, through the webhook's own processing."""
    vendor = stall.vendor
    body = {
        "id": transaction_id,
        "accountNumber": vendor.bank_account_number,
        "transferAmount": amount,
        "content": memo,
        "referenceCode": f"FT{transaction_id}",
        "transferType": "in",
        "demo": True,
    }
    notification = bank_notification_store(
        report=TransferReport(
            provider=BankNotification.Provider.SEPAY,
            transaction_id=transaction_id,
            account_number=vendor.bank_account_number,
            amount=amount,
            memo=memo,
            transferred_at=at.isoformat(),
        ),
        raw_body=json.dumps(body).encode(),
    )
    if notification is None:
        report.count("demo transfers", created=False)
        return
    bank_notification_process(notification_id=notification.pk)
    BankNotification.objects.filter(pk=notification.pk).update(received_at=at)
    StallPayment.objects.filter(notification_id=notification.pk).update(received_at=at)
    report.count("demo transfers", created=True)
