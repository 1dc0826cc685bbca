import httpx
from celery import shared_task
from django.db import transaction

from .models import Profile


# The slow call that can fail comes first; then one write, all or nothing.
@shared_task
def update_data(profile_id, api_url):
    response = httpx.get(api_url, timeout=10)
    response.raise_for_status()
    name = response.json()["name"]
    with transaction.atomic():
        # The row stays locked until the commit: a second copy of this task
        # waits here, then reads what this one wrote.
        profile = Profile.objects.select_for_update().get(id=profile_id)
        profile.name = name
        profile.status = "updated"
        profile.refreshes += 1
        profile.save()
