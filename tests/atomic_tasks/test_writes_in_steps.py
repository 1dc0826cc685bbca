import httpx
import pytest
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
