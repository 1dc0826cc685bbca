from tasks import add, tsum


# Not this: the caller drives the workflow itself, one round trip per step, and
# is blocked until the last one ends (or until the timeout, if no worker is up).
def total_of_doubles(numbers, timeout=10):
    doubles = [add.delay(n, n).get(timeout=timeout) for n in numbers]
    return tsum.delay(doubles).get(timeout=timeout)
