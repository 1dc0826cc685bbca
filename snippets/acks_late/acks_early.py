from tasks import app, stretch


# Not this, for work you cannot lose: by default the worker acknowledges the
# message just before it runs the task, so a worker killed mid-task loses it.
@app.task
def fingerprint(document, rounds):
    return stretch(document, rounds)
