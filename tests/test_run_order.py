"""The list of the longest modules, which a parallel run starts first, and the
RabbitMQ modules it runs together."""

from pathlib import Path

import pytest

from tests.support.run_order import LONGEST_FIRST, RABBITMQ_ALONE, RABBITMQ_TOGETHER

ROOT = Path(__file__).resolve().parents[1]


def test_it_names_modules_that_exist_once_each():
    assert [path for path in LONGEST_FIRST if not (ROOT / path).is_file()] == []
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)


def test_the_rabbitmq_modules_are_all_the_modules_that_start_rabbitmq(request):
    """Every module whose tests need the server is listed, and no other."""
    modules = {item.nodeid.split("::")[0] for item in request.session.items}
    if RABBITMQ_ALONE not in modules:
        pytest.skip("the RabbitMQ modules were not collected in this run")
    users = {
        item.nodeid.split("::")[0]
        for item in request.session.items
        if "rabbitmq_server" in getattr(item, "fixturenames", ())
    }
    assert users == {RABBITMQ_ALONE, *RABBITMQ_TOGETHER}
