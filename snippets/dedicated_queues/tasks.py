import hashlib

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
    # Slow report tasks get their own queue and their own workers:
    #   celery -A tasks worker -Q reports --concurrency 2 --prefetch-multiplier 1
    #   celery -A tasks worker -Q celery
    task_routes={"reports.*": {"queue": "reports"}},
)


@app.task(name="reports.render")
def render_report(account_id, rounds):
    digest = str(account_id).encode()
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


@app.task(name="emails.send_receipt")
def send_receipt(order_id):
    return f"receipt for order {order_id} sent"
