"""The OpenAPI document is valid, and generated requests against every operation, anonymous
and with a provincial officer's token, never get a server error."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from tests.api.conftest import token_for

SCHEMA_URL = "/api/v1/openapi.json"
EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def api_schema(db):
    """The schema, served by the application itself. Requests reach the WSGI application
    directly, so, as Django's test client does, the connection is kept open between them:
    closing it would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_schema_is_served_as_openapi_3_json(client):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0].endswith("json")
    assert response.json()["openapi"].startswith("3.")


def test_schema_is_a_valid_openapi_document(api_schema):
    try:
        from openapi_spec_validator import validate
    except ImportError:  # the same check, against the meta-schema that schemathesis ships
        api_schema.validate()
    else:
        validate(api_schema.raw_schema)


def test_schema_lists_every_resource(api_schema):
    paths = set(api_schema.raw_schema["paths"])
    for resource in [
        "units",
        "criteria-sets",
        "product-sets",
        "producers",
        "products",
        "documents",
        "rounds",
        "sheets",
        "results",
        "decisions",
        "certificates",
        "reports/summary",
        "rollup/certificates",
    ]:
        assert f"/api/v1/{resource}/" in paths


def _fuzz(schema, headers: dict) -> list[str]:
    """Run every operation with generated data; the failures as text."""
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error], headers=headers)

        try:
            run()
        except Exception as error:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {error}")
    return failures


@pytest.mark.slow
def test_generated_requests_get_no_server_error_anonymously(api_world, api_schema):
    assert _fuzz(api_schema, {}) == []


@pytest.mark.slow
def test_generated_requests_get_no_server_error_as_provincial_officer(api_world, api_schema):
    token = token_for(api_world.personas.province)
    assert _fuzz(api_schema, {"Authorization": f"Token {token}"}) == []


def test_readable_reference_page_lists_operations_in_vietnamese(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "GET /api/v1/certificates/{code}/" in page
    assert "Tài liệu API" in page
    assert 'src="http' not in page and 'href="http' not in page  # nothing from elsewhere
