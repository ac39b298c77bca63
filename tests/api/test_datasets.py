"""The downloadable datasets: CSV and JSON files of the catalogue, and their URLs."""

import csv
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from shop.api.services import CSV_COLUMNS, CSV_NAME, JSON_NAME

# The rebuild lock must not be taken or cleared by tests in other processes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("process_local_cache")]


def csv_rows(raw: bytes):
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Vietnamese right
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_export_command_writes_one_csv_row_and_one_json_item_per_public_product(
    catalogue, settings
):
    settings.OPEN_DATA_BASE_URL = "https://cho-ocop.example.vn"
    out = io.StringIO()

    call_command("export_open_data", stdout=out)

    assert "Wrote 5 products" in out.getvalue()
    with default_storage.open(CSV_NAME, "rb") as f:
        raw = f.read()
    rows = csv_rows(raw)
    assert raw.decode("utf-8-sig").splitlines()[0] == ",".join(CSV_COLUMNS)
    products = catalogue["products"]
    assert [int(r["id"]) for r in rows] == sorted(
        p.pk for k, p in products.items() if k != "hidden"
    )
    tea = next(r for r in rows if r["title"] == "Chè Shan tuyết")
    assert tea["price_vnd"] == "250000"
    assert tea["seller_name"] == "HTX Chè Bản Liền"
    assert tea["ocop_stars"] == "5" and tea["ocop_is_current"] == "true"
    assert tea["ocop_group_label"] == "Đồ uống"
    assert tea["standards"] == "VietGAP | Hữu cơ"
    assert tea["categories"] == "Chè"
    assert tea["traceability_url"] == (
        f"https://cho-ocop.example.vn/catalogue/truy-xuat/{products['tea'].pk}/"
    )
    rice = next(r for r in rows if r["title"] == "Gạo Séng Cù")
    assert rice["ocop_is_current"] == "false"
    honey = next(r for r in rows if r["title"] == "Mật ong bạc hà")
    assert honey["ocop_stars"] == "" and honey["ocop_group"] == ""
    generated = {r["generated_at"] for r in rows}
    assert len(generated) == 1 and generated != {""}

    with default_storage.open(JSON_NAME, "rb") as f:
        document = json.load(f)
    assert document["generated_at"] == generated.pop()
    assert document["product_count"] == 5
    assert [p["title"] for p in document["products"]] == [r["title"] for r in rows]
    assert document["products"][0]["ocop"]["is_current"] is True


def test_json_items_have_the_api_shape(client, catalogue):
    call_command("export_open_data", stdout=io.StringIO())
    with default_storage.open(JSON_NAME, "rb") as f:
        item = json.load(f)["products"][0]

    from_api = client.get(f"/api/v1/products/{item['id']}/").json()

    assert set(item) == set(from_api)
    assert item["ocop"] == from_api["ocop"]


@pytest.mark.parametrize(
    "fmt, content_type",
    [("csv", "text/csv; charset=utf-8"), ("json", "application/json")],
)
def test_the_dataset_url_builds_the_file_on_first_download(
    client, catalogue, fmt, content_type
):
    assert not default_storage.exists(CSV_NAME)

    response = client.get(f"/open-data/ocop-products.{fmt}")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert f"ocop-products.{fmt}" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        assert len(csv_rows(body)) == 5
    else:
        assert json.loads(body)["product_count"] == 5


def test_a_download_after_a_change_gets_the_rebuilt_file(client, catalogue):
    call_command("export_open_data", stdout=io.StringIO())
    tea = catalogue["products"]["tea"]
    tea.title = "Chè Shan tuyết cổ thụ"
    tea.save()

    fresh = b"".join(client.get("/open-data/ocop-products.csv").streaming_content)

    assert "Chè Shan tuyết cổ thụ" in fresh.decode("utf-8-sig")


def test_while_another_request_builds_a_missing_file_the_answer_is_503(
    client, catalogue, process_local_cache
):
    from django.core.cache import cache

    from shop.api.views import REBUILD_LOCK

    cache.add(REBUILD_LOCK, True)

    response = client.get("/open-data/ocop-products.json")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "being generated" in response.json()["detail"]


def test_the_hourly_task_rebuilds_the_files(catalogue):
    from shop.api.tasks import open_data_export_task

    result = open_data_export_task.delay().get()

    assert result["products"] == 5
    assert default_storage.exists(CSV_NAME) and default_storage.exists(JSON_NAME)


def test_an_unknown_dataset_format_is_not_found(client):
    assert client.get("/open-data/ocop-products.xlsx").status_code == 404


def test_the_export_command_fails_with_a_reason_when_storage_is_unwritable(
    catalogue, settings, tmp_path
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker

    with pytest.raises(CommandError, match="Could not write the open datasets"):
        call_command("export_open_data", stdout=io.StringIO())
