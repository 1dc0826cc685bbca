from celery import Celery
from django.db.models import F

from .models import Customer

app = Celery("loyalty", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"])


# Not this: like a POST, every run adds the points again. A redelivered
# message, a retry after a timeout or a double click doubles them.
@app.task
def award_points(customer_id, order_id, points):
    Customer.objects.filter(id=customer_id).update(points=F("points") + points)
