"""Helpers for the option-name tests."""

import pytest
from celery.signals import before_task_publish

# TEST VALUES: the snippets' limits (100/120 s and 150/120 s) in seconds that a
# test can wait for. The soft limit is given at call time, as the time-limits
# page's tests do; the inverted pair keeps the snippet's ratio.
FAST_LIMITS = {"soft_time_limit": 1, "time_limit": 5}
FAST_INVERTED_LIMITS = {"soft_time_limit": 1.25, "time_limit": 1}
# Hours of hashing: only a time limit ends it.
ROWS = 500_000_000


@pytest.fixture
def published():
    """Headers and properties of every task message sent during the test."""
    sent = []

    def record(sender=None, headers=None, properties=None, **_):
        sent.append({"task_name": sender, "headers": headers, "properties": properties})

    before_task_publish.connect(record, weak=False)
    yield sent
    before_task_publish.disconnect(record)
