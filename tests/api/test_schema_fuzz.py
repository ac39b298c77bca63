"""Fuzzing the open data API against its own published OpenAPI schema (schemathesis).

Generated requests, valid and invalid, must never cause a server error nor an answer
that the schema does not describe. Examples are limited to keep the suite fast.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings


def published_schema() -> dict:
    """The document ``/api/v1/schema/`` serves, built by the same generator.

    Built in-process because the test database does not exist yet while pytest
    collects tests, and schemathesis' fixture loader does not run on pytest 9.
    """
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


schema = schemathesis.openapi.from_dict(published_schema())
schema.app = get_wsgi_application()
# A NUL byte is valid JSON-schema text but never valid in a query: Django answers
# 400 "Null characters are not allowed", which is right and not a schema break.
schema.config.generation.update(allow_x00=False)


@pytest.fixture
def wsgi_in_test_transaction(settings):
    """Requests go through the real WSGI handler inside the test's transaction.

    As in Django's test client, the handler must not close the database connection
    around each request; fuzzing is not abuse, so no rate limit.
    """
    settings.OPEN_DATA_ANON_RATE = "100000/minute"
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_published_schema(
    case, catalogue, wsgi_in_test_transaction
):
    case.call_and_validate()


@pytest.mark.django_db
def test_the_fuzzed_schema_is_the_one_served(client):
    served = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert served == published_schema()
