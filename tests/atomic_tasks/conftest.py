import threading

import pytest

from tests.support.fake_api import fake_api


@pytest.fixture(scope="module")
def project(django_project):
    """The project's app in this process and a prefork worker with two
    processes, so two copies of a task run at once."""
    django_project.worker()
    return django_project


@pytest.fixture
def api():
    with fake_api(body={"name": "Ada Lovelace"}) as running:
        yield running


@pytest.fixture
def failing_api():
    with fake_api(failures=1, failure_status=502) as running:
        yield running


@pytest.fixture
def held_api():
    """An API that answers only when the test lets it: ``.called`` is set once
    a request is in, ``.answer`` lets it through."""
    with fake_api(body={"name": "Ada Lovelace"}) as running:
        running.called = threading.Event()
        running.answer = threading.Event()
        respond = running.respond

        def held():
            running.called.set()
            assert running.answer.wait(timeout=60), "the test never let it answer"
            return respond()

        running.respond = held
        try:
            yield running
        finally:
            running.answer.set()
