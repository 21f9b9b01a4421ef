"""Schemathesis fuzzes every operation of /openapi.json on a real `etskg serve`: no answer may be a 5xx.

The generated requests (random and boundary strings, integers out of range,
missing and repeated parameters, odd Unicode, random form bodies for POST
/sparql) go to the session's web_server over loopback; the examples per
operation are bounded so that the run takes about a minute. A failure
prints the request that reproduces it.
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

EXAMPLES = 100  # per operation and phase

schema = schemathesis.pytest.from_fixture("fuzz_schema")


@pytest.fixture(scope="module")
def fuzz_schema(web_server):
    return schemathesis.openapi.from_url(web_server + "/openapi.json")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_no_operation_answers_5xx(case):
    case.call_and_validate(checks=[not_a_server_error], timeout=60)
