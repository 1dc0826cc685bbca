from tasks import app, stretch


# Not this, for a task longer than the grace period: acknowledged before it
# starts, it is gone from the broker; the SIGKILL at the end of the grace
# period (or a cold shutdown) kills it mid-run and nothing runs it again.
@app.task
def fingerprint(document, rounds):
    return stretch(document, rounds)
