from collections import Counter

from celery import Celery

app = Celery(
    "access_logs",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/1",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
)


@app.task
def count_statuses(lines):
    """Requests per HTTP status in access-log lines ending with the status."""
    return dict(Counter(int(line.split()[-1]) for line in lines))


# A callback gets the previous result as the worker's serializer delivers it,
# and JSON object keys are always strings: read them as such.
@app.task
def server_error_rate(counts):
    errors = sum(n for status, n in counts.items() if int(status) >= 500)
    return errors / sum(counts.values())
