"""``manage.py simulate_stall_payment``: one line to make a buyer pay a stall."""

import io

import pytest
from django.core.management import CommandError, call_command

from payments.markets.models import Stall, StallPayment
from payments.markets.selectors import stall_feed
from payments.models import BankNotification
from tests.payments.conftest import as_committed

pytestmark = pytest.mark.django_db


def simulate(*args):
    out = io.StringIO()
    with as_committed():  # the worker's processing, eagerly
        call_command("simulate_stall_payment", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("provider", ["sepay", "casso", "payos"])
def test_a_simulated_payment_reaches_the_stalls_feed_through_the_webhook(
    stall, other_stall, provider
):
    output = simulate(
        "--stall", str(stall.pk), "--amount", "35000", "--provider", provider
    )

    assert "35.000\u00a0₫" in output and "200" in output
    notification = BankNotification.objects.get()
    assert notification.provider == provider
    assert notification.route == BankNotification.Route.STALL
    feed = stall_feed(stall=stall, since=0)
    assert [p["amount"] for p in feed["payments"]] == [35000]
    assert stall_feed(stall=other_stall, since=0)["payments"] == []


# Committed for real: the command waits for the worker (eager here) before the total.
@pytest.mark.django_db(transaction=True)
def test_each_run_is_a_new_payment(stall):
    simulate("--stall", str(stall.pk), "--amount", "35000")
    output = simulate("--stall", str(stall.pk), "--amount", "15.000")

    assert stall_feed(stall=stall, since=0)["today_total"] == 50000
    assert "today's total 50.000\u00a0₫." in output


def test_the_total_says_when_the_worker_has_not_applied_it_yet(stall):
    out = io.StringIO()
    # The test's transaction never commits: the worker's task is still to come.
    call_command(
        "simulate_stall_payment",
        "--stall",
        str(stall.pk),
        "--amount",
        "35000",
        stdout=out,
    )

    assert "received 35.000\u00a0₫; today's total 0\u00a0₫ (the Celery worker" in (
        out.getvalue()
    )
    assert BankNotification.objects.get().status == "received"


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--stall", "999999", "--amount", "35000"], "No stall with id 999999"),
        (["--stall", "abc", "--amount", "35000"], "must be a stall id"),
        (["--stall", "{stall}", "--amount", "ba muoi"], "whole number of đồng"),
        (["--stall", "{stall}", "--amount", "0"], "must be positive"),
        (["--stall", "{stall}", "--amount", "-5"], "must be positive"),
        (["--stall", "{bare}", "--amount", "35000"], "no vendor with a bank account"),
        (
            ["--stall", "{stall}", "--amount", "35000", "--provider", "momo"],
            "not switched on",
        ),
    ],
)
def test_bad_input_fails_with_a_reason_and_sends_nothing(stall, args, reason):
    bare = Stall.objects.create(market=stall.market, number="Z9")
    args = [arg.format(stall=stall.pk, bare=bare.pk) for arg in args]

    with pytest.raises(CommandError, match=reason):
        simulate(*args)

    assert not BankNotification.objects.exists()
    assert not StallPayment.objects.exists()


def test_the_command_exits_non_zero_from_the_shell(stall):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "simulate_stall_payment", "--stall", "x"],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "--amount" in result.stderr  # required: argparse names what is missing
