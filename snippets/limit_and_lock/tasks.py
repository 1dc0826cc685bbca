import hashlib
from uuid import uuid4

import redis
from celery import Celery

app = Celery(
    "search",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
)

# A rebuild is stopped at its hard time limit (prefork pool), before its lock
# expires: no run outlives its lock. A crashed run's lock expires by itself.
REBUILD_TIME_LIMIT = 540
LOCK_SECONDS = 600
# Delete the lock only if it is still ours: if it was lost while we ran
# (deleted by hand, say), another run may hold it now.
RELEASE = """
if redis.call("get", KEYS[1]) == ARGV[1] then
    return redis.call("del", KEYS[1])
end
return 0
"""


def lock_store():
    return redis.Redis.from_url(app.conf.broker_url)


# At most one a second per worker: two workers make two a second.
@app.task(rate_limit="60/m")
def sync_account(account_id):
    return f"account {account_id} synced"


def build_index(shard, rounds):
    digest = str(shard).encode()
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


@app.task(time_limit=REBUILD_TIME_LIMIT)
def rebuild_search_index(shard, rounds):
    key, token = f"lock:rebuild_search_index:{shard}", uuid4().hex
    with lock_store() as store:
        # SET NX EX: only one run holds the lock; the others skip.
        if not store.set(key, token, nx=True, ex=LOCK_SECONDS):
            return "skipped: a rebuild is running"
        try:
            return build_index(shard, rounds)
        finally:
            store.eval(RELEASE, 1, key, token)
