import uuid

import pytest
from celery.contrib.django.task import DjangoTask
from django.db import transaction

from orders import tasks
from orders.models import Order
from proj.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


def test_with_django_settings_every_task_is_a_django_task():
    assert isinstance(app.tasks["orders.tasks.send_confirmation"], DjangoTask)


@pytest.mark.worker
def test_the_worker_finds_the_apps_tasks_on_its_own(project):
    (worker,) = project.workers
    tasks_banner = worker.output().split("[tasks]")[1].split("\n\n")[0]
    assert "orders.tasks.send_confirmation" in tasks_banner  # autodiscovered
    # CELERY_IMPORTS, read from the Django settings (tests/django_settings.py).
    assert "profiles.writes_in_steps.update_data" in tasks_banner


@pytest.mark.worker
def test_on_commit_returns_nothing_and_takes_a_task_id(project, published):
    chosen = str(uuid.uuid4())
    with transaction.atomic():
        order = Order.objects.create(email="ada@example.com", total_cents=1999)
        returned = tasks.send_confirmation.apply_async_on_commit(
            (order.id,), task_id=chosen
        )
        assert (returned, published) == (None, [])
    assert published == [chosen]
    assert project.app.AsyncResult(chosen).get(timeout=60).startswith("confirmation")
