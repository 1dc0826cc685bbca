import logging
import time
from datetime import UTC, datetime

import pytest
from celery.exceptions import NotRegistered

from tests.support.snippets import snippet

status = snippet("periodic_tasks", "status")
string_names = snippet("periodic_tasks", "string_names")


def test_the_status_table_flags_the_misspelt_task():
    rows = status.schedule_status(string_names.app, datetime.now(UTC))
    assert {r["name"]: r["registered"] for r in rows} == {
        "exchange rates": True,
        "weekly newsletter": False,
    }


@pytest.mark.worker
def test_a_worker_drops_what_beat_sends(inprocess_worker, messages_of):
    consumer_log = logging.getLogger("celery.worker.consumer.consumer")
    messages_of(consumer_log)
    inprocess_worker(string_names.app)
    entry = string_names.app.conf.beat_schedule["weekly newsletter"]
    result = string_names.app.send_task(entry["task"])  # what beat does
    deadline = time.monotonic() + 5
    while not messages_of(consumer_log) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert (
        "Received unregistered task of type 'newsletter.send_newsletter'"
        in (messages_of(consumer_log)[0])
    )
    assert result.state == "FAILURE"  # in a result backend nobody reads
    assert isinstance(result.result, NotRegistered)
