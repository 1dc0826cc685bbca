# Drop a message once it has been delivered 20 times and not acknowledged
# (a dead-letter-exchange in the same policy would keep it instead).
rabbitmqctl set_policy -p / --apply-to queues delivery-limit '^celery$' '{"delivery-limit": 20}'
