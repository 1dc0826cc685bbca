from .tasks import app, stretch


# Not this, for work you cannot lose: by default the worker acknowledges the
# message as soon as it receives it, so a worker killed mid-task loses the task.
@app.task
def fingerprint(document, rounds):
    return stretch(document, rounds)
