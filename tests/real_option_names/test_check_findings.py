"""Each finding of the paste-in check, on a small app made for it."""

from datetime import timedelta

import pytest
from celery import Celery
from celery.schedules import crontab

from tests.support.snippets import snippet

check = snippet("real_option_names", "test_celery_checklist")
# New apps here get the shared tasks of every snippet this process imported,
# several of them named tasks.<function>: Celery 5.7 warns of each clash.
pytestmark = pytest.mark.filterwarnings("ignore:Task name '.*' is already registered")


def own_tasks_only(app):
    """Celery gives every shared task of the process (every @app.task of the
    snippets imported here) to each new app; a reader's app has only its own.
    The tasks of this module are made with shared=False."""
    for name, task in list(app.tasks.items()):
        if not name.startswith("celery.") and type(task).__module__ != __name__:
            del app.tasks[name]
    return app


def findings(app):
    return check.check_app(own_tasks_only(app))


def items(app):
    return [line.split(":", 1)[0] for line in findings(app)]


def app_on(broker="redis://localhost:6379/0", **settings):
    app = Celery("reader", broker=broker, set_as_current=False)
    app.conf.update(settings)
    return app


def test_a_clean_app_has_no_findings():
    app = app_on()

    @app.task(shared=False, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
    def fetch(url):
        return url

    assert findings(app) == []


def test_an_unknown_option_in_task_annotations():
    app = app_on(task_annotations={"reader.fetch": {"retries": 3}})

    @app.task(shared=False, name="reader.fetch")
    def fetch(url):
        return url

    assert items(app) == ["real-option-names"]


def test_options_a_custom_base_class_defines_are_known():
    app = app_on()

    class Alerting(app.Task):
        alert_channel = "#payments"

    @app.task(shared=False, base=Alerting, alert_channel="#refunds")
    def refund(order_id):
        return order_id

    assert findings(app) == []


def test_inverted_limits_in_the_settings():
    app = app_on(task_soft_time_limit=150, task_time_limit=120)

    @app.task(shared=False)
    def fetch(url):
        return url

    assert items(app) == ["time-limits"]


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("task_serializer", "pickle"),
        ("result_serializer", "pickle"),
        ("accept_content", ["json", "pickle"]),
        ("result_accept_content", ["application/x-python-serialize"]),
    ],
)
def test_pickle_anywhere(setting, value):
    assert items(app_on(**{setting: value})) == ["json-not-pickle"]


def test_a_backoff_cap_above_the_visibility_timeout_on_redis():
    app = app_on()

    @app.task(
        shared=False,
        autoretry_for=(OSError,),
        retry_backoff=True,
        retry_backoff_max=7200,
    )
    def fetch(url):
        return url

    assert items(app) == ["short-countdowns"]


def test_a_retry_delay_above_a_shortened_visibility_timeout():
    app = app_on(broker_transport_options={"visibility_timeout": 120})

    @app.task(shared=False)  # default_retry_delay: 180 s
    def fetch(url):
        return url

    assert items(app) == ["short-countdowns"]


def test_rabbitmq_has_no_visibility_timeout():
    app = app_on(broker="amqp://localhost//")

    @app.task(
        shared=False,
        autoretry_for=(OSError,),
        retry_backoff=True,
        retry_backoff_max=7200,
    )
    def fetch(url):
        return url

    assert findings(app) == []


def test_acks_late_with_a_hard_limit_above_the_visibility_timeout():
    app = app_on()

    @app.task(shared=False, acks_late=True, time_limit=4000, soft_time_limit=3900)
    def export(report_id):
        return report_id

    assert items(app) == ["acks-late"]


def test_beat_entries():
    app = app_on()

    @app.task(shared=False)
    def report():
        return "built"

    app.conf.beat_schedule = {
        "fine": {
            "task": report.name,
            "schedule": crontab(minute=0, hour=3),
            "options": {"expires": 3600},
        },
        "every minute of 03:00": {
            "task": report.name,
            "schedule": crontab(hour=3),
            "options": {"expires": 3600},
        },
        "misspelt": {
            "task": "reports.report",
            "schedule": timedelta(hours=1),
            "options": {"expires": 600},
        },
        "never expires": {"task": report.name, "schedule": 60.0},
    }
    assert items(app) == ["periodic-tasks", "periodic-tasks", "expire-work"]


def test_every_page_named_exists():
    from tools import checklist

    urls = {item.id: item.url for item in checklist.load_items()}
    assert {item: urls[item] for item in check.PAGES} == check.PAGES
    assert checklist.load_config()["site_url"] == check.SITE
