# A message given back unacknowledged 20 times is dropped at the 21st:
# a task that kills its worker process every time runs 21 times, not forever.
rabbitmqctl set_policy -p / --apply-to queues delivery-limit '^celery$' '{"delivery-limit": 20}'
