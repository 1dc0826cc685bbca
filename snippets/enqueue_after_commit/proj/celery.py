import os

from celery import Celery

# With DJANGO_SETTINGS_MODULE set, Celery's Django fixup is active: it sets
# Django up in the worker, and every task is a DjangoTask, with
# delay_on_commit() and apply_async_on_commit().
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")

app = Celery("proj")
# CELERY_BROKER_URL and the other CELERY_* settings come from settings.py.
app.config_from_object("django.conf:settings", namespace="CELERY")
# Imports tasks.py of every installed app when the worker starts.
app.autodiscover_tasks()
