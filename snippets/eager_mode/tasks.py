import calendar

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
    # Reports have workers of their own (see "Route tasks to dedicated queues").
    task_routes={"*.build_report": {"queue": "reports"}},
)


@app.task(soft_time_limit=30, time_limit=40)
def count_rows(rows):
    counted = 0
    try:
        while counted < rows:
            sum(range(100))  # the work of reading one row
            counted += 1
    except SoftTimeLimitExceeded:
        return {"rows": counted, "complete": False}
    return {"rows": rows, "complete": True}


@app.task
def build_report(name):
    return f"report {name} built"


@app.task
def report_period(month):
    """The first and last day of ``month`` ("2026-02"), as ISO dates."""
    year, number = (int(part) for part in month.split("-"))
    last_day = calendar.monthrange(year, number)[1]
    return f"{month}-01", f"{month}-{last_day:02d}"
