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
