import httpx
import pytest

from snippets.atomic_tasks import tasks
from snippets.atomic_tasks.models import Profile
from tests.support.fake_api import fake_api

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_app(eager):
    eager(tasks.app)


def test_a_failed_call_leaves_the_row_untouched():
    profile = Profile.objects.create(name="ada")
    with (
        fake_api(failures=1, failure_status=502) as api,
        pytest.raises(httpx.HTTPStatusError),
    ):
        tasks.update_data.delay(profile.id, api.url)
    profile.refresh_from_db()
    assert (profile.name, profile.status) == ("ada", "new")


def test_a_good_call_updates_everything_at_once():
    profile = Profile.objects.create(name="ada")
    with fake_api(body={"name": "Ada Lovelace"}) as api:
        tasks.update_data.delay(profile.id, api.url)
    profile.refresh_from_db()
    assert (profile.name, profile.status) == ("Ada Lovelace", "updated")
