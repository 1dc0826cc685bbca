import random

import httpx
from celery import Celery

app = Celery("likes", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"])


# Not this: the 2017 talk's hand-written backoff. With default_retry_delay=10,
# `minutes` is 0.17, any power of it is below 1, and int() makes it 0: after the
# first minute, every retry comes at once.
def exponential_backoff(task_self):
    minutes = task_self.default_retry_delay / 60
    rand = random.uniform(minutes, minutes * 1.3)
    return int(rand**task_self.request.retries) * 60


@app.task(bind=True, max_retries=4, default_retry_delay=10)
def likes_do_facebook(self, url):
    try:
        response = httpx.get(url, timeout=10)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise self.retry(exc=exc, countdown=exponential_backoff(self)) from exc
    return response.json()


def print_schedule():
    # --8<-- [start:schedule]
    class Request:
        retries = 0

    class Task:
        default_retry_delay = 10
        request = Request()

    waits = []
    for retries in range(5):
        Task.request.retries = retries
        waits.append(exponential_backoff(Task))
    print(waits)  # -> [60, 0, 0, 0, 0]
    # --8<-- [end:schedule]
