# A message given back unacknowledged 20 times is dropped at the 21st:
# a task that kills its worker process every time runs 21 times, not forever.
# The pattern names every queue the app declares: the default queue, celery,
# and the routed one, emails.
rabbitmqctl set_policy -p / --apply-to queues delivery-limit '^(celery|emails)$' '{"delivery-limit": 20}'
