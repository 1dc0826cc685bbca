import pytest
from django.core import mail

from tests.support.snippets import snippet

tasks = snippet("split_bulk_work")


# A newline in an address is refused by Django (BadHeaderError): a bad row.
EMAILS = ["ada@example.com", "bob@example.com\nBcc: everyone", "cy@example.com"]


@pytest.fixture(autouse=True)
def eager_app(eager):
    # Failures are stored in each task's result instead of raised at the caller.
    eager(tasks.app, task_eager_propagates=False)


def test_one_bad_address_fails_one_task_and_everyone_else_gets_it():
    result = tasks.newsletter(EMAILS)
    assert [to for m in mail.outbox for to in m.to] == [EMAILS[0], EMAILS[2]]
    assert [r.state for r in result.results] == ["SUCCESS", "FAILURE", "SUCCESS"]


def test_batches_send_to_everyone():
    emails = [f"reader{i}@example.com" for i in range(2500)]
    tasks.newsletter_in_batches(emails)
    assert len(mail.outbox) == 2500


def test_run_again_everyone_already_sent_gets_it_twice():
    # Splitting alone is no key: a second run sends every address again.
    emails = [EMAILS[0], EMAILS[2]]
    tasks.newsletter(emails)
    tasks.newsletter(emails)
    assert sorted(to for m in mail.outbox for to in m.to) == sorted(emails * 2)
