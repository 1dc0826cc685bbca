import httpx
from celery import Celery
from django.db import transaction

from .models import Profile

app = Celery("profiles", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"])


# The slow call that can fail comes first; then one write, all or nothing.
@app.task
def update_data(profile_id, api_url):
    response = httpx.get(api_url, timeout=10)
    response.raise_for_status()
    name = response.json()["name"]
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(id=profile_id)
        profile.name = name
        profile.status = "updated"
        profile.save()
