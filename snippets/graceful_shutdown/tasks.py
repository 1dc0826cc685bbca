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
    # Celery 5.5+: a cold shutdown first gives running tasks this many seconds
    # to finish; then it stops them and hands the late-acknowledged ones back
    # to the broker. It starts on SIGQUIT, or on SIGTERM when the worker runs
    # with REMAP_SIGTERM=SIGQUIT. Keep it below the platform's grace period:
    # Kubernetes waits 30 s unless terminationGracePeriodSeconds says otherwise;
    # Docker 10 s, too short for this (docker stop -t 40 / stop_grace_period: 40s).
    worker_soft_shutdown_timeout=20,
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
