import pytest

from profiles.models import Profile


@pytest.mark.django_db
def test_a_profile_starts_new_and_never_refreshed():
    profile = Profile.objects.create(name="ada")
    assert (profile.status, profile.refreshes) == ("new", 0)
