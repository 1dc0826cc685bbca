from celery import Celery, group
from django.core.mail import send_mail

app = Celery("news", broker="redis://localhost:6379/0")
app.conf.update(task_serializer="json", accept_content=["json"])


# One small task per address: one failure is one failed task, retried or
# reported on its own; the others are sent by whichever worker is free.
@app.task
def send_newsletter(email):
    send_mail("This month's news", "Hello!", "news@example.com", [email])


def newsletter(emails):
    return group(send_newsletter.s(email) for email in emails).apply_async()


# For millions of addresses, one message per batch of 1,000 instead of one each.
def newsletter_in_batches(emails):
    batches = send_newsletter.chunks(((email,) for email in emails), 1000)
    return batches.apply_async()
