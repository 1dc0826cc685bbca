from celery import Celery
from celery.exceptions import SoftTimeLimitExceeded

app = Celery(
    "primes",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
)


def is_prime(n):
    if n < 2:
        return False
    divisor = 2
    while divisor * divisor <= n:
        if n % divisor == 0:
            return False
        divisor += 1
    return True


# The soft limit raises inside the task so it can save what it has; the hard
# limit, a little later, kills the worker process if the task does not stop.
@app.task(soft_time_limit=50, time_limit=60)
def count_primes(limit):
    found, checked = 0, 1
    try:
        for checked in range(2, limit + 1):
            found += is_prime(checked)
    except SoftTimeLimitExceeded:
        return {"checked_up_to": checked, "primes": found, "complete": False}
    return {"checked_up_to": limit, "primes": found, "complete": True}
