from celery.utils.log import get_task_logger

from tasks import app, is_prime

logger = get_task_logger(__name__)


# Not this: "try again on any error" also catches SoftTimeLimitExceeded, so the
# task starts over instead of stopping, and only the hard limit, by killing the
# worker process, ends it. Nothing it computed is kept.
@app.task(soft_time_limit=50, time_limit=60)
def count_primes(limit):
    while True:
        try:
            found = sum(map(is_prime, range(2, limit + 1)))
            return {"checked_up_to": limit, "primes": found, "complete": True}
        except Exception:
            logger.warning("count_primes failed, starting over")
