from celery import chord

from tasks import add, tsum


# Do this: describe the whole workflow once and hand it to the workers; the
# caller gets a result id back at once and can wait for it, or not.
def total_of_doubles(numbers):
    return chord(add.s(n, n) for n in numbers)(tsum.s())
