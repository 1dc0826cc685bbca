from tasks import app

# The in-memory broker and result backend for the whole test run, set here,
# before any test uses the app: an app keeps the result backend and broker
# connections it made first, and later changes to these two settings do not
# reach them (a test would go on waiting on the Redis of tasks.py).
app.conf.update(broker_url="memory://", result_backend="cache+memory://")
