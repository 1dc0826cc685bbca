import pytest

from snippets.atomic_tasks.models import Profile


@pytest.mark.django_db
def test_a_profile_starts_new():
    assert Profile.objects.create(name="ada").status == "new"
