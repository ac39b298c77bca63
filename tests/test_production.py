"""Production settings, readiness probe, logs and background e-mail."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
# A port of this branch's range where nothing listens: a service that is down.
CLOSED_PORT = 8169


def production_env(**extra: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="shop.settings.production",
        DJANGO_SECRET_KEY="x" * 64 + "-a-long-random-production-key",
        ALLOWED_HOSTS="cho-ocop.example.vn",
        **extra,
    )
    return env


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env()
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_s3_media_without_its_keys_fails_at_start_up_naming_them():
    result = run_manage(
        "check", env=production_env(MEDIA_STORAGE="s3", S3_BUCKET="ocop-media")
    )
    assert result.returncode != 0
    assert "S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY" in result.stderr


def test_logs_are_one_json_object_per_line_on_stdout():
    result = run_manage(
        "shell",
        "-c",
        "import logging; logging.getLogger('shop.orders').warning('Đơn %s', 'A1')",
        env=production_env(LOG_FORMAT="json"),
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout.strip().splitlines()[-1])
    assert record["message"] == "Đơn A1"
    assert record["level"] == "WARNING"
    assert record["name"] == "shop.orders"


@pytest.mark.django_db
def test_readyz_answers_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_readyz_names_the_services_that_are_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1},
        }
    }
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{CLOSED_PORT}"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "cache": "unavailable",
        "search": "unavailable",
    }


@pytest.mark.django_db
def test_mail_is_sent_through_the_task_with_its_html_and_attachment(settings):
    settings.CELERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message = EmailMultiAlternatives(
        "Đơn hàng 100001 đã được xác nhận",
        "Cảm ơn bạn đã mua chè Shan.",
        "cho-ocop@example.vn",
        ["khach@example.com"],
    )
    message.attach_alternative("<p>Cảm ơn bạn</p>", "text/html")
    message.attach("hoa-don.csv", "mã,số tiền\n100001,150000\n", "text/csv")
    assert message.send() == 1

    [sent] = mail.outbox
    assert sent.subject == "Đơn hàng 100001 đã được xác nhận"
    assert sent.to == ["khach@example.com"]
    assert sent.alternatives[0][0] == "<p>Cảm ơn bạn</p>"
    assert sent.attachments[0][0] == "hoa-don.csv"
    assert "100001,150000" in sent.attachments[0][1]


@pytest.mark.django_db
def test_mail_that_cannot_be_sent_is_retried_then_shown_to_staff_as_failed(
    settings, django_app, monkeypatch
):
    from django_celery_results.models import TaskResult

    from shop.celery import app
    from shop.mail import email_to_data
    from shop.tasks import email_send

    # A mail server that does not answer: every try fails to connect.
    settings.CELERY_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = CLOSED_PORT
    # The task reads store_eager_result when it is first bound, which may have
    # happened in an earlier test: set it on the task itself too.
    monkeypatch.setattr(email_send, "store_eager_result", True)
    app.conf.task_store_eager_result = True
    app.conf.task_eager_propagates = False  # as on a worker: the failure is recorded
    try:
        data = email_to_data(
            message=EmailMultiAlternatives("Chào", "Nội dung", to=["a@example.com"])
        )
        result = email_send.apply(args=[data], throw=False)
    finally:
        app.conf.task_store_eager_result = False
        app.conf.task_eager_propagates = True

    assert result.state == "FAILURE"
    assert isinstance(result.result, ConnectionRefusedError)
    stored = TaskResult.objects.get(task_id=result.id)
    assert stored.status == "FAILURE"
    assert stored.task_name == "shop.tasks.email_send"

    staff = UserFactory(is_staff=True, is_superuser=True)
    page = django_app.get(
        reverse("admin:django_celery_results_taskresult_changelist")
        + "?status__exact=FAILURE",
        user=staff,
    )
    assert result.id in page.text
    assert "shop.tasks.email_send" in page.text


def test_product_alerts_task_is_scheduled_and_exists(settings):
    from shop.celery import app

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "shop.tasks.product_alerts_send" in scheduled
    app.loader.import_default_modules()
    assert scheduled <= set(app.tasks)


@pytest.mark.django_db
def test_scheduled_alerts_tell_a_customer_their_product_is_back(settings):
    from oscar.core.loading import get_model

    from shop.tasks import product_alerts_send
    from tests.factories import ProductFactory

    settings.CELERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ProductAlert = get_model("customer", "ProductAlert")
    product = ProductFactory(title="Mật ong bạc hà")
    ProductAlert.objects.create(
        product=product,
        user=UserFactory(email="cho-hang@example.com"),
        status=ProductAlert.ACTIVE,
    )

    product_alerts_send()

    assert [message.to for message in mail.outbox] == [["cho-hang@example.com"]]
    assert "Mật ong bạc hà" in mail.outbox[0].body
