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


@app.task(bind=True, max_retries=4, default_retry_delay=10)
def likes_do_facebook(self, url):
    try:
        response = httpx.get(url, timeout=10)
        response.raise_for_status()
    except httpx.TransportError as exc:  # timeouts, refused connections
        raise self.retry(exc=exc) from exc
    except httpx.HTTPStatusError as exc:
        if exc.response.status_code < 500:
            raise  # a 4xx is our bug: retrying will not fix it
        raise self.retry(exc=exc) from exc
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
