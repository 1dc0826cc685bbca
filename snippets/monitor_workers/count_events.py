from collections import Counter
from contextlib import suppress


def count_task_events(app, seconds):
    """Count task events from every worker for ``seconds``: a minimal monitor,
    the way Flower and alerting tools consume the event stream."""
    counts = Counter()

    def record(event):
        counts[event["type"]] += 1

    with app.connection_for_read() as connection:
        receiver = app.events.Receiver(
            connection,
            handlers={"task-succeeded": record, "task-failed": record},
        )
        # The capture ends with a socket timeout once `seconds` have passed.
        with suppress(TimeoutError):
            receiver.capture(limit=None, timeout=seconds, wakeup=True)
    return counts
