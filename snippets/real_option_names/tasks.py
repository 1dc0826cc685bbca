import hashlib
import json
from urllib.error import HTTPError
from urllib.request import urlopen

from celery import Celery
from celery.exceptions import SoftTimeLimitExceeded

app = Celery(
    "reports",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
)


class TryAgainLater(Exception):
    """The API answered 5xx, 408 or 429: another try may pass."""


# max_retries is the option; autoretry_for is what makes an error retry: no
# answer (OSError: refused, timed out) or TryAgainLater. HTTPError is an
# OSError too: dont_autoretry_for keeps any other 4xx from being retried.
@app.task(
    autoretry_for=(OSError, TryAgainLater),
    dont_autoretry_for=(HTTPError,),
    max_retries=3,
    retry_backoff=True,
)
def fetch_figures(url):
    try:
        with urlopen(url, timeout=10) as response:
            return json.load(response)
    except HTTPError as exc:
        if exc.code >= 500 or exc.code in (408, 429):
            raise TryAgainLater(f"{url} answered {exc.code}") from exc
        raise  # a 404 or 400 will not pass on a retry: fail now


# The soft limit comes first, so the task can stop and say how far it got.
@app.task(soft_time_limit=100, time_limit=120)
def summarise(rows):
    done, checksum = 0, 0
    try:
        for done in range(rows):
            checksum ^= hashlib.sha256(str(done).encode()).digest()[0]
    except SoftTimeLimitExceeded:
        return {"rows": done, "checksum": checksum, "complete": False}
    return {"rows": rows, "checksum": checksum, "complete": True}


def request_summary(rows):
    # Call options are about this message only: when to run, where, how long
    # it stays useful. How the task retries is set where the task is defined.
    return summarise.apply_async((rows,), expires=600)
