import httpx
from celery import shared_task

from .models import Profile


# Not this: a first write, then the call that can fail, then a second write.
# When the call fails, the row is left half-updated: "updated", old name.
@shared_task
def update_data(profile_id, api_url):
    profile = Profile.objects.get(id=profile_id)
    profile.status = "updated"
    profile.save()
    response = httpx.get(api_url, timeout=10)
    response.raise_for_status()
    profile.name = response.json()["name"]
    profile.refreshes += 1
    profile.save()
