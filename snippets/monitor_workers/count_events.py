import threading
from collections import Counter, defaultdict


def count_task_events(app, seconds):
    """Count the tasks that succeeded and failed on every worker for
    ``seconds``: a minimal monitor, the way Flower and alerting tools consume
    the event stream."""
    tasks = defaultdict(set)

    def record(event):
        # By task id, not by event: on Celery 5.7 a task that hits its hard
        # time limit sends two task-failed events.
        tasks[event["type"]].add(event["uuid"])

    with app.connection_for_read() as connection:
        receiver = app.events.Receiver(
            connection,
            handlers={"task-succeeded": record, "task-failed": record},
        )
        # Stop on the clock. capture(timeout=...) is an idle timeout: it starts
        # again with every event, and each worker sends a heartbeat event every
        # 2 s, so with a worker up it would never end. The receiver checks
        # should_stop between events and at least once a second.
        deadline = threading.Timer(seconds, setattr, (receiver, "should_stop", True))
        deadline.start()
        try:
            receiver.capture(limit=None, timeout=None, wakeup=True)
        finally:
            deadline.cancel()
    return Counter({kind: len(ids) for kind, ids in tasks.items()})
