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


class TryAgainLater(Exception):
    """The API answered 5xx, 408 or 429: worth another try later."""


# The longest wait, for the backoff and for Retry-After alike. A task has a
# self.retry_backoff_max only if its decorator sets one: keep the cap here.
MAX_WAIT = 600


@app.task(
    bind=True,
    autoretry_for=(httpx.TransportError, TryAgainLater),
    retry_backoff=True,  # wait 1 s, 2 s, 4 s, 8 s... between tries
    retry_backoff_max=MAX_WAIT,  # but never more than 10 minutes
    retry_jitter=True,  # a random wait up to that, so clients spread out
    max_retries=5,  # then give up and fail
)
def likes_do_facebook(self, url):
    response = httpx.get(url, timeout=10)
    # A 5xx, a 408 Request Timeout or a 429 Too Many Requests may pass.
    if response.status_code >= 500 or response.status_code in (408, 429):
        error = TryAgainLater(f"{url} answered {response.status_code}")
        retry_after = response.headers.get("Retry-After", "")
        if retry_after.isdigit():
            # The server said when: wait that long (up to the cap), not the
            # backoff's guess. max_retries still counts this retry.
            wait = min(int(retry_after), MAX_WAIT)
            raise self.retry(exc=error, countdown=wait)
        raise error
    response.raise_for_status()  # any other 4xx will not fix itself: no retry
    return response.json()
