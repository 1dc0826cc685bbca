"""The list of the longest modules, which a parallel run starts first, and the
RabbitMQ modules it runs together."""

from pathlib import Path

import pytest

from tests.support.run_order import (
    DJANGO_TOGETHER,
    LONGEST_FIRST,
    RABBITMQ_ALONE,
    RABBITMQ_TOGETHER,
)

ROOT = Path(__file__).resolve().parents[1]


def test_it_names_modules_that_exist_once_each():
    assert [path for path in LONGEST_FIRST if not (ROOT / path).is_file()] == []
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)


def modules_using(request, fixture: str) -> set[str]:
    """The modules of this run with a test that needs ``fixture``; skips the
    test when the run did not collect the whole suite."""
    modules = {item.nodeid.split("::")[0] for item in request.session.items}
    if not {RABBITMQ_ALONE, *DJANGO_TOGETHER} <= modules:
        pytest.skip("this run did not collect the whole suite")
    return {
        item.nodeid.split("::")[0]
        for item in request.session.items
        if fixture in getattr(item, "fixturenames", ())
    }


def test_the_rabbitmq_modules_are_all_the_modules_that_start_rabbitmq(request):
    """Every module whose tests need the server is listed, and no other."""
    assert modules_using(request, "rabbitmq_server") == {
        RABBITMQ_ALONE,
        *RABBITMQ_TOGETHER,
    }


def test_the_django_modules_are_all_the_modules_that_use_the_test_database(request):
    """Every module whose tests need the Django test database, and no other."""
    assert modules_using(request, "django_db_setup") == set(DJANGO_TOGETHER)
