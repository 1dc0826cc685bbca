import hashlib

from celery import Celery

app = Celery(
    "catalogue",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # Replace a pool process after 100 tasks, and after any task once its peak
    # resident size has passed about 300 MB (the setting is in KiB).
    worker_max_tasks_per_child=100,
    worker_max_memory_per_child=300_000,
    # Long tasks: each process reserves one message, so an idle worker can take
    # the rest instead of waiting behind a busy one.
    worker_prefetch_multiplier=1,
)

# Per-process cache: it grows with every region a process has priced.
_price_lists = {}


@app.task
def price_list(region, items):
    _price_lists[region] = [f"{region}-{n:07d}" for n in range(items)]
    return len(_price_lists[region])


@app.task
def send_receipt(order_id):
    return f"receipt for order {order_id} sent"


# Long, and acknowledged late (it is idempotent): the message it holds counts
# against its process's prefetch of one until it is done.
@app.task(acks_late=True)
def fingerprint(document, rounds):
    digest = document.encode()
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()
