import pytest

from tests.support.snippets import snippet
from tests.support.workers import inprocess_worker

tasks = snippet("retry_transient_errors")


@pytest.fixture(scope="module")
def worker():
    """One real worker thread per module: it waits the retry countdowns."""
    with inprocess_worker(tasks.app) as running:
        yield running


@pytest.fixture
def no_retry_delay(monkeypatch):
    # The snippet waits 10 s between tries; the tests need not.
    for task in (tasks.likes_do_facebook, tasks.likes_do_facebook_auto):
        monkeypatch.setattr(task, "default_retry_delay", 0)
