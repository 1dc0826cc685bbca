"""Tasks that take old and new messages, and an alias for a renamed task."""

import pytest
from celery import Celery

from tests.support.snippets import snippet

tasks = snippet("compatible_deploys")


@pytest.mark.worker
def test_old_and_new_callers_both_work(real_worker):
    real_worker(tasks.app, tasks)
    old_call = tasks.send_invoice.delay(7)
    new_call = tasks.send_invoice.delay(7, copy_to="accounts@example.com")
    # A caller deployed later still, adding another argument.
    later_call = tasks.app.send_task(
        tasks.send_invoice.name, (7,), {"copy_to": "a@example.com", "locale": "fr"}
    )
    assert old_call.get(timeout=30)["sent_to"] == ["customer"]
    assert new_call.get(timeout=30)["sent_to"] == [
        "customer",
        "accounts@example.com",
    ]
    assert later_call.get(timeout=30)["sent_to"] == ["customer", "a@example.com"]


@pytest.mark.worker
def test_a_message_under_the_old_name_runs_the_renamed_task(real_worker):
    real_worker(tasks.app, tasks)
    queued_before_the_rename = tasks.app.send_task("tasks.archive_invoice", (7,))
    assert queued_before_the_rename.get(timeout=30) == {"invoice": 7, "closed": True}


@pytest.mark.worker
def test_an_unknown_task_is_logged_as_an_error(real_worker):
    worker = real_worker(tasks.app, tasks)
    result = tasks.app.send_task("tasks.void_invoice", (7,))
    result.get(timeout=30, propagate=False)
    worker.wait_for_log(
        f"ERROR/MainProcess] Unregistered task tasks.void_invoice[{result.id}]:"
        " its message was dropped"
    )


def test_a_task_is_named_after_its_module_and_function():
    renamed = snippet("compatible_deploys", "renamed")
    assert tasks.close_invoice.name == "tasks.close_invoice"
    assert renamed.close_invoice.name == "renamed.close_invoice"
    assert tasks.archive_invoice.run is tasks.close_invoice.run


def test_kwargs_also_takes_a_misspelt_argument_silently():
    sent = tasks.send_invoice(7, copy_too="accounts@example.com")
    assert sent == {"invoice": 7, "sent_to": ["customer"]}  # no copy, no error


def test_an_alias_takes_none_of_the_tasks_options():
    app = Celery("options", set_as_current=False)

    @app.task(acks_late=True, max_retries=7)
    def close_invoice(invoice_id):
        return invoice_id

    # As the snippet makes its alias.
    archive_invoice = app.task(name="tasks.archive_invoice")(close_invoice.run)
    assert (close_invoice.acks_late, close_invoice.max_retries) == (True, 7)
    assert (archive_invoice.acks_late, archive_invoice.max_retries) == (False, 3)
