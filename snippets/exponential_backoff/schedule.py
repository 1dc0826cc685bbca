from celery.utils.time import get_exponential_backoff_interval

from tasks import likes_do_facebook


def print_schedule():
    # --8<-- [start:schedule]
    task = likes_do_facebook
    waits = [
        get_exponential_backoff_interval(
            factor=int(task.retry_backoff),
            retries=retries,
            maximum=task.retry_backoff_max,
        )
        for retries in range(task.max_retries)
    ]
    print(waits)  # -> [1, 2, 4, 8, 16]
    print(sum(waits))  # -> 31
    # Retried more often, the 10th retry waits 512 s, the 11th on reach the cap:
    longer = [get_exponential_backoff_interval(1, n, 600) for n in (9, 10, 11)]
    print(longer)  # -> [512, 600, 600]
    # With retry_jitter, each wait is random between 0 and these values.
    print(task.retry_jitter)  # -> True
    # --8<-- [end:schedule]


if __name__ == "__main__":
    print_schedule()
