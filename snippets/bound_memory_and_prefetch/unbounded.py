import hashlib

from celery import Celery

# Not this: no limits. Pool processes live as long as the worker, whatever they
# leak, and each worker reserves 4 messages per process (the default
# multiplier) that no other worker can take while it is busy.
app = Celery(
    "catalogue",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
)

_price_lists = {}


@app.task
def price_list(region, items):
    _price_lists[region] = [f"{region}-{n:07d}" for n in range(items)]
    return len(_price_lists[region])


@app.task
def send_receipt(order_id):
    return f"receipt for order {order_id} sent"


@app.task
def fingerprint(document, rounds):
    digest = document.encode()
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()
