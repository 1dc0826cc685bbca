from django.core import mail

from snippets.split_bulk_work import one_big_task
from tests.split_bulk_work.test_tasks import EMAILS


def test_one_bad_address_stops_everyone_after_it(eager):
    eager(one_big_task.app, task_eager_propagates=False)
    result = one_big_task.newsletter.delay(EMAILS)
    assert result.state == "FAILURE"
    assert [to for m in mail.outbox for to in m.to] == [EMAILS[0]]  # cy: nothing
