"""Send messages as if an hour ago, so they have waited an hour in the queue."""

from datetime import timedelta

import pytest
from celery.beat import Scheduler

AN_HOUR = timedelta(hours=1)


@pytest.fixture
def sent_an_hour_ago(monkeypatch):
    """``sent_an_hour_ago(app)``: the app's clock runs an hour behind while the
    test sends, so a message's expiry is counted from an hour ago."""

    def turn_back(app):
        now = app.now
        monkeypatch.setattr(app, "now", lambda: now() - AN_HOUR)

    return turn_back


def send_beat_entry(app, name):
    """Send beat entry ``name`` the way a beat process does."""
    scheduler = Scheduler(app)  # reads app.conf.beat_schedule
    return scheduler.apply_async(scheduler.schedule[name])
