"""What -O fair is on the releases this site covers."""

from celery.concurrency import asynpool


def test_fair_is_the_default_strategy():
    fair = asynpool.SCHED_STRATEGY_FAIR
    assert asynpool.SCHED_STRATEGIES[None] == fair  # no -O at all
    assert asynpool.SCHED_STRATEGIES["default"] == fair
    assert asynpool.SCHED_STRATEGIES["fair"] == fair
