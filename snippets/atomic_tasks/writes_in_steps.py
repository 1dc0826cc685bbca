import httpx
from celery import Celery

from .models import Profile

app = Celery("profiles", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"])


# Not this: a first write, then the call that can fail, then a second write.
# When the call fails, the row is left half-updated: "updated", old name.
@app.task
def update_data(profile_id, api_url):
    profile = Profile.objects.get(id=profile_id)
    profile.status = "updated"
    profile.save()
    response = httpx.get(api_url, timeout=10)
    response.raise_for_status()
    profile.name = response.json()["name"]
    profile.save()
