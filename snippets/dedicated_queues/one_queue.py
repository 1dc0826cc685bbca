from celery import Celery

app = Celery(
    "shop",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # Not this: the route names a task that does not exist. The real name is
    # the module's name plus the function's ("one_queue.render_report" here),
    # Celery ignores routes that match nothing, and every report lands in the
    # default queue.
    task_routes={"tasks.render_report": {"queue": "reports"}},
)


@app.task
def render_report(account_id):
    return f"report for account {account_id}"


@app.task
def send_receipt(order_id):
    return f"receipt for order {order_id} sent"
