import hashlib
import json
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


# Not this: Celery has no "retries" option. It keeps the value as an attribute
# nothing reads, and the first error is final.
@app.task(retries=3)
def fetch_figures(url):
    with urlopen(url, timeout=10) as response:
        return json.load(response)


# Not this: the soft limit must come first. Celery refuses every delay() and
# apply_async() of this task with ValueError: it fails at its first call.
@app.task(soft_time_limit=150, time_limit=120)
def summarise(rows):
    done, checksum = 0, 0
    try:
        for done in range(rows):
            checksum ^= hashlib.sha256(str(done).encode()).digest()[0]
    except SoftTimeLimitExceeded:
        return {"rows": done, "checksum": checksum, "complete": False}
    return {"rows": rows, "checksum": checksum, "complete": True}


def request_figures(url):
    # Not this: task options given to a call. Celery passes the names it does
    # not know on as message properties that nothing reads.
    return fetch_figures.apply_async((url,), bind=True, retry_backoff=10)
