from tasks import app

# The in-memory broker and result backend for the whole test run, set here,
# before any test uses the app: the app keeps the broker pool, and each thread
# the result backend, it made first, and later changes to these two settings
# do not reach them (a test would still send, and look for its results, on the
# Redis of tasks.py).
app.conf.update(broker_url="memory://", result_backend="cache+memory://")
