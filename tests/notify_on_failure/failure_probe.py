"""Tasks that fail in the ways the page names, on a real worker, and a record
of each failure hook that runs: which hook, for which task id, in which
process, with which exception (one JSON line each in ``$FAILURE_PROBE_LOG``).

``broken_hook`` raises and its ``on_failure`` raises too, as the version of
``tasks.py`` that read ``os.environ["ALERT_WEBHOOK_URL"]`` did; ``dies`` kills
its own pool process, as an out-of-memory kill or a segfault would, and
``dies_once`` does so once, with late acks and ``reject_on_worker_lost``; ``hangs``
runs past its hard time limit; ``flaky`` retries, then succeeds or gives up.
"""

import json
import os
import signal
import time

from celery import Celery, Task
from celery.signals import task_failure

app = Celery("failure_probe")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    worker_prefetch_multiplier=1,
)


def record(hook, task_id, exc, **more):
    path = os.environ.get("FAILURE_PROBE_LOG")
    if path:  # set in the worker's environment only
        line = {"hook": hook, "id": task_id, "pid": os.getpid(), **more}
        line["exc"] = type(exc).__name__
        with open(path, "a") as log:
            log.write(json.dumps(line) + "\n")


class Recorded(Task):
    def on_retry(self, exc, task_id, args, kwargs, einfo):
        record("on_retry", task_id, exc)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # What an alert built from on_failure's arguments and self.request has.
        record(
            "on_failure",
            task_id,
            exc,
            traceback=einfo.traceback,
            request_id=self.request.id,
        )
        if self.name == broken_hook.name:
            raise KeyError("ALERT_WEBHOOK_URL")


@task_failure.connect
def heard(sender, task_id, exception, **_):
    if sender.name.startswith("failure_probe."):
        record("task_failure", task_id, exception)


@app.task(base=Recorded)
def broken_hook():
    raise ValueError("the task's own error")


@app.task(base=Recorded)
def dies():
    os.kill(os.getpid(), signal.SIGKILL)


@app.task(base=Recorded, bind=True, acks_late=True, reject_on_worker_lost=True)
def dies_once(self):
    """Kills its pool process the first time; run again, it returns."""
    died = f"{os.environ['FAILURE_PROBE_LOG']}.{self.request.id}.died"
    if not os.path.exists(died):
        open(died, "w").close()
        os.kill(os.getpid(), signal.SIGKILL)
    return "ran again"


@app.task(base=Recorded, time_limit=2)
def hangs():
    time.sleep(60)


@app.task(base=Recorded, bind=True, max_retries=5)
def flaky(self, failures):
    if self.request.retries < failures:
        raise self.retry(exc=ConnectionError("try again"), countdown=0)
    return "done"
