import os

import httpx
from celery.signals import task_failure


# The signal fires for every task in the process, whatever its base class,
# including tasks from libraries: one place to connect an error tracker.
@task_failure.connect
def report_to_error_tracker(sender, task_id, exception, args, kwargs, einfo, **_):
    url = os.environ.get("ERROR_TRACKER_URL")
    if not url:  # no tracker configured, as on a laptop: nothing to send
        return
    event = {
        "message": f"{sender.name}: {exception!r}",
        "tags": {"task": sender.name, "task_id": task_id},
        "extra": {"args": args, "kwargs": kwargs},
        "exception": einfo.traceback,
    }
    httpx.post(url, json=event, timeout=2)
