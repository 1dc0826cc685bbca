from tasks import app, stretch


# Not this, for a worker that may be stopped cold: acknowledged before it
# starts, the task is gone from the broker; a cold shutdown kills it mid-run
# and nothing runs it again.
@app.task
def fingerprint(document, rounds):
    return stretch(document, rounds)
