from .tasks import app, is_prime


# Not this: a bare `except Exception` also catches SoftTimeLimitExceeded, so the
# task never stops on time and only the hard limit, by killing the worker
# process, ends it. Nothing it computed is kept.
@app.task(soft_time_limit=50, time_limit=60)
def count_primes(limit):
    found = 0
    for number in range(2, limit + 1):
        try:
            found += is_prime(number)
        except Exception:
            continue
    return {"checked_up_to": limit, "primes": found, "complete": True}
