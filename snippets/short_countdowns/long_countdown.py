from tasks import send_reminder


# Not this: a countdown of hours. On Redis the worker holds the message
# unacknowledged until it is due; after visibility_timeout (1 hour by default)
# Redis hands it out again, and the reminder is sent twice.
def remind_later(user_id, delay):
    send_reminder.apply_async((user_id,), countdown=delay.total_seconds())
