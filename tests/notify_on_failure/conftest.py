import pytest

from tests.support.fake_api import fake_api


@pytest.fixture
def webhook(monkeypatch):
    """A local webhook receiver, set as ALERT_WEBHOOK_URL and ERROR_TRACKER_URL."""
    with fake_api() as receiver:
        monkeypatch.setenv("ALERT_WEBHOOK_URL", receiver.url)
        monkeypatch.setenv("ERROR_TRACKER_URL", receiver.url)
        yield receiver
