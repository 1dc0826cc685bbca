import httpx
from celery import Celery

app = Celery(
    "likes",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
)


class ServiceUnavailable(Exception):
    """The API answered 5xx: worth another try later."""


@app.task(
    autoretry_for=(httpx.TransportError, ServiceUnavailable),
    retry_backoff=True,  # wait 1 s, 2 s, 4 s, 8 s... between tries
    retry_backoff_max=600,  # but never more than 10 minutes
    retry_jitter=True,  # a random wait up to that, so clients spread out
    max_retries=5,  # then give up and fail
)
def likes_do_facebook(url):
    response = httpx.get(url, timeout=10)
    if response.status_code >= 500:
        raise ServiceUnavailable(f"{url} answered {response.status_code}")
    response.raise_for_status()  # a 4xx will not fix itself: no retry
    return response.json()
