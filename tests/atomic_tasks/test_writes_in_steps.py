import httpx
import pytest

from profiles import writes_in_steps
from profiles.models import Profile

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
