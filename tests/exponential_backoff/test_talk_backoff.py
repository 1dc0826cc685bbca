import pytest
from celery.exceptions import Retry

from tests.support.fake_api import fake_api
from tests.support.printed import assert_prints_as_commented
from tests.support.snippets import snippet

talk_backoff = snippet("exponential_backoff", "talk_backoff")


def test_the_talks_backoff_collapses_to_zero_after_the_first_retry(capsys):
    assert_prints_as_commented(talk_backoff.print_schedule, capsys)


def test_every_retry_after_the_first_is_immediate(eager):
    eager(talk_backoff.app)
    countdowns = []
    for retries in range(4):
        with fake_api(failures=1) as api, pytest.raises(Retry) as retry:
            talk_backoff.likes_do_facebook.apply(
                (api.url,), retries=retries, throw=True
            )
        countdowns.append(retry.value.when)
    assert countdowns == [60, 0, 0, 0]
