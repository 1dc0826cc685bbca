import hashlib

from celery import Celery

app = Celery(
    "fingerprints",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # Reserve one message per worker process: a prefetched message also waits
    # for the visibility timeout if the worker dies.
    worker_prefetch_multiplier=1,
    # Redis gives an unacknowledged message to another worker after this many
    # seconds. Keep it above your longest task and longest countdown or ETA,
    # or a task still running is started a second time.
    broker_transport_options={"visibility_timeout": 3600},
)


def stretch(document, rounds):
    digest = document.encode()
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


# Safe to run twice: the same input always gives the same output. Only then
# acknowledge late; on the prefork pool (the default) the hard limit keeps every
# run under the visibility timeout.
@app.task(acks_late=True, reject_on_worker_lost=True, time_limit=300)
def fingerprint(document, rounds):
    return stretch(document, rounds)
