from django.core import mail

from tests.split_bulk_work.test_tasks import EMAILS
from tests.support.snippets import snippet

one_big_task = snippet("split_bulk_work", "one_big_task")


def test_one_bad_address_stops_everyone_after_it(eager):
    eager(one_big_task.app, task_eager_propagates=False)
    result = one_big_task.newsletter.delay(EMAILS)
    assert result.state == "FAILURE"
    assert [to for m in mail.outbox for to in m.to] == [EMAILS[0]]  # cy: nothing


def test_a_retry_sends_it_again_to_everyone_before_the_bad_row(eager):
    eager(one_big_task.app, task_eager_propagates=False)
    first = one_big_task.newsletter.delay(EMAILS)
    retried = one_big_task.newsletter.delay(EMAILS)
    assert first.state == retried.state == "FAILURE"
    # ada twice, and cy still nothing: the retry stops at the same row.
    assert [to for m in mail.outbox for to in m.to] == [EMAILS[0], EMAILS[0]]
