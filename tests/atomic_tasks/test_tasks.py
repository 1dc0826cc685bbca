import pytest
from django.db import connection, transaction

from profiles import tasks
from profiles.models import Profile
from tests.support.postgres import wait_for_lock_waiters

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_failed_call_leaves_the_row_untouched(project, failing_api):
    profile = Profile.objects.create(name="ada")
    result = tasks.update_data.delay(profile.id, failing_api.url)
    result.get(timeout=60, propagate=False)
    assert result.state == "FAILURE"
    profile.refresh_from_db()
    assert (profile.name, profile.status, profile.refreshes) == ("ada", "new", 0)


def test_a_good_call_updates_everything_at_once(project, api, committed_states):
    profile = Profile.objects.create(name="ada")
    tasks.update_data.delay(profile.id, api.url).get(timeout=60)
    # One transaction wrote name, status and count: no committed state in
    # between, where a task stopped between two writes would leave the row.
    assert committed_states(profile) == [
        ("ada", "new", 0),  # the test's create
        ("Ada Lovelace", "updated", 1),
    ]


def test_two_copies_at_once_keep_both_updates(project, api):
    profile = Profile.objects.create(name="ada")
    # This test holds the row while both copies reach the database, so that they
    # overlap every time, as they do now and then on two busy workers.
    with transaction.atomic():
        Profile.objects.select_for_update().get(id=profile.id)
        copies = [tasks.update_data.delay(profile.id, api.url) for _ in range(2)]
        wait_for_lock_waiters(connection.settings_dict, 2)
    for copy in copies:
        copy.get(timeout=60)
    profile.refresh_from_db()
    assert profile.refreshes == 2  # each copy read what the other wrote


def test_the_row_is_not_locked_while_the_api_call_runs(project, held_api):
    profile = Profile.objects.create(name="ada")
    result = tasks.update_data.delay(profile.id, held_api.url)
    assert held_api.called.wait(timeout=60)
    # The call is in flight: nothing holds the row, another writer goes ahead.
    with transaction.atomic():
        Profile.objects.select_for_update(nowait=True).get(id=profile.id)
        Profile.objects.filter(id=profile.id).update(status="checked")
    held_api.answer.set()
    result.get(timeout=60)
    profile.refresh_from_db()
    assert (profile.name, profile.status, profile.refreshes) == (
        "Ada Lovelace",
        "updated",
        1,
    )
