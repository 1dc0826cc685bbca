import httpx
import pytest

from snippets.atomic_tasks import writes_in_steps
from snippets.atomic_tasks.models import Profile
from tests.support.fake_api import fake_api


@pytest.mark.django_db
def test_a_failed_call_leaves_a_half_written_row(eager):
    eager(writes_in_steps.app)
    profile = Profile.objects.create(name="ada")
    with (
        fake_api(failures=1, failure_status=502) as api,
        pytest.raises(httpx.HTTPStatusError),
    ):
        writes_in_steps.update_data.delay(profile.id, api.url)
    profile.refresh_from_db()
    assert (profile.name, profile.status) == ("ada", "updated")  # a lie
