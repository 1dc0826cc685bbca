from celery import Celery
from django.core.mail import send_mail

app = Celery("news", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"])


# Not this: one task for every address. The first bad address stops the loop,
# nobody after it gets the newsletter, and a retry sends it again to everyone
# before it. One worker does all the work while the others sit idle.
@app.task
def newsletter(emails):
    for email in emails:
        send_mail("This month's news", "Hello!", "news@example.com", [email])
