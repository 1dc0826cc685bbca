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

# 408 Request Timeout and 429 Too Many Requests pass, like a 5xx.
TRY_AGAIN_LATER = {408, 429}
# The longest wait, whatever Retry-After asks: the worker holds a waiting
# retry unacknowledged, and Redis gives it to another worker after its
# visibility timeout (an hour by default), which would run it twice.
MAX_WAIT = 600


def seconds_to_wait(response, default):
    """The wait a 429 or 503 asks for in Retry-After (in seconds), or ``default``."""
    retry_after = response.headers.get("Retry-After", "")
    wait = int(retry_after) if retry_after.isdigit() else default
    return min(wait, MAX_WAIT)


@app.task(bind=True, max_retries=4, default_retry_delay=10)
def likes_do_facebook(self, url):
    try:
        response = httpx.get(url, timeout=10)
        response.raise_for_status()
    except httpx.TransportError as exc:  # timeouts, refused connections
        raise self.retry(exc=exc) from exc
    except httpx.HTTPStatusError as exc:
        status = exc.response.status_code
        if status < 500 and status not in TRY_AGAIN_LATER:
            raise  # any other 4xx is our bug: retrying will not fix it
        wait = seconds_to_wait(exc.response, self.default_retry_delay)
        raise self.retry(exc=exc, countdown=wait) from exc
    return response.json()


# The short form, when every error of these types is worth a retry.
@app.task(
    autoretry_for=(httpx.TransportError,),
    max_retries=4,
    default_retry_delay=10,
)
def likes_do_facebook_auto(url):
    response = httpx.get(url, timeout=10)
    response.raise_for_status()
    return response.json()
