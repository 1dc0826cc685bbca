import os
import signal
import time

import httpx
import pytest
from billiard.exceptions import WorkerLostError
from celery.exceptions import TimeLimitExceeded
from django.db import connection, transaction

from profiles import writes_in_steps
from profiles.models import Profile
from tests.support.postgres import wait_for_lock_waiters

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_failed_call_leaves_a_half_written_row(project, failing_api):
    profile = Profile.objects.create(name="ada")
    result = writes_in_steps.update_data.delay(profile.id, failing_api.url)
    result.get(timeout=60, propagate=False)
    assert result.state == "FAILURE"
    profile.refresh_from_db()
    assert (profile.name, profile.status) == ("ada", "updated")  # a lie


def test_a_good_call_commits_a_half_written_row_on_the_way(
    project, api, committed_states
):
    profile = Profile.objects.create(name="ada")
    writes_in_steps.update_data.delay(profile.id, api.url).get(timeout=60)
    assert committed_states(profile) == [
        ("ada", "new", 0),
        ("ada", "updated", 0),  # what a task stopped at the call leaves
        ("Ada Lovelace", "updated", 1),
    ]


def test_eager_mode_shows_the_half_written_row_too(project, eager, failing_api):
    eager(project.app)
    profile = Profile.objects.create(name="ada")
    with pytest.raises(httpx.HTTPStatusError):
        writes_in_steps.update_data.delay(profile.id, failing_api.url)
    profile.refresh_from_db()
    assert (profile.name, profile.status) == ("ada", "updated")


def test_two_copies_without_a_row_lock_lose_an_update(project, api):
    # writes_in_steps reads the row with a plain get(): both copies read
    # refreshes = 0 while the test holds the row, and both write 1.
    profile = Profile.objects.create(name="ada")
    with transaction.atomic():
        Profile.objects.select_for_update().get(id=profile.id)
        copies = [
            writes_in_steps.update_data.delay(profile.id, api.url) for _ in range(2)
        ]
        wait_for_lock_waiters(connection.settings_dict, 2)
    for copy in copies:
        copy.get(timeout=60)
    profile.refresh_from_db()
    assert profile.refreshes == 1  # one update lost


def pool_process_running(project, task_id, timeout=60):
    """The pid of the pool process that runs ``task_id``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        active = project.app.control.inspect(timeout=5).active() or {}
        for running in active.values():
            for task in running:
                if task["id"] == task_id:
                    return task["worker_pid"]
    raise AssertionError(f"no pool process runs {task_id}")


@pytest.mark.parametrize("stop", ["kill -9", "hard time limit"])
def test_a_stop_that_is_no_exception_leaves_the_half_written_row(
    project, held_api, stop
):
    # The API call is in flight when the pool process is ended: by SIGKILL, or
    # by the prefork pool's hard time limit. Nothing after that line runs.
    profile = Profile.objects.create(name="ada")
    options = {"time_limit": 2} if stop == "hard time limit" else {}
    result = writes_in_steps.update_data.apply_async(
        (profile.id, held_api.url), **options
    )
    assert held_api.called.wait(timeout=60)
    if stop == "kill -9":
        os.kill(pool_process_running(project, result.id), signal.SIGKILL)
    raised = WorkerLostError if stop == "kill -9" else TimeLimitExceeded
    with pytest.raises(raised):
        result.get(timeout=60)
    profile.refresh_from_db()
    assert (profile.name, profile.status, profile.refreshes) == ("ada", "updated", 0)
