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
    # Celery 5.5+: a cold shutdown (SIGQUIT) first gives running tasks this
    # many seconds to finish; then it stops them and hands the late-acknowledged
    # ones back to the broker for the next worker. Keep the deploy's grace
    # period (terminationGracePeriodSeconds, TimeoutStopSec) above it.
    worker_soft_shutdown_timeout=60,
)


def stretch(document, rounds):
    digest = document.encode()
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


# Safe to run twice, so acknowledged late: a worker stopped mid-task hands the
# message back instead of losing it.
@app.task(acks_late=True)
def fingerprint(document, rounds):
    return stretch(document, rounds)
