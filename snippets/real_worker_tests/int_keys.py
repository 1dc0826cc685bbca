from tasks import app, count_statuses

__all__ = ["count_statuses", "server_error_rate"]


# Not this: it looks the status up as an int. Eagerly the counts are the dict
# count_statuses returned and the test passes; on a worker they come back
# through JSON with "500" as the key, and the rate is silently 0.0.
@app.task
def server_error_rate(counts):
    errors = sum(counts.get(status, 0) for status in range(500, 600))
    return errors / sum(counts.values())
