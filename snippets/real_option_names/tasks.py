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


# max_retries is the option; autoretry_for is what makes an error retry.
@app.task(autoretry_for=(OSError,), max_retries=3, retry_backoff=True)
def fetch_figures(url):
    with urlopen(url, timeout=10) as response:
        return json.load(response)


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
