"""Each rule on both sides: what it must find, and real usage it must not flag.

A test marked OLD covers a false verdict or a miss of the paste-in check this
package replaces (snippets/real_option_names/test_celery_checklist.py, review
of December 2026: FP-n, FN-n); each failed on that file."""

from datetime import timedelta

import celery_tasks_checklist as ctc
import pytest
from celery import Task
from celery.schedules import crontab
from ctc_cases import app_on, findings, rules

# --- CTC101: setting names ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("worker_prefetch_multipler", "worker_prefetch_multiplier"),
        ("task_acks_lates", "task_acks_late"),
        ("broker_transport_option", "broker_transport_options"),
        ("task_default_expires", "no setting of that name"),
        ("soft_time_limit", "task_soft_time_limit"),
    ],
)
def test_ctc101_a_misspelt_setting(name, hint):  # OLD: FN-1, no setting checked
    (found,) = findings(app_on(**{name: 1}))
    assert found.rule == "CTC101"
    assert hint in found.message
    assert found.where == f"setting {name}"


def test_ctc101_settings_outside_the_django_namespace():
    # OLD: FN-1, as in Baserow, Grafana OnCall and DefectDojo
    class Settings:
        CELERY_BROKER_URL = "redis://localhost:6379/0"
        CELERY_SOFT_TIME_LIMIT = 300
        CELERY_MAX_TASKS_PER_CHILD = 1
        CELERY_TASK_DEFAULT_EXPIRES = 43200

    app = app_on()
    app.config_from_object(Settings, namespace="CELERY")
    found = findings(app)
    assert [f.where for f in found] == [
        "setting CELERY_MAX_TASKS_PER_CHILD",
        "setting CELERY_SOFT_TIME_LIMIT",
        "setting CELERY_TASK_DEFAULT_EXPIRES",
    ]
    assert "CELERY_WORKER_MAX_TASKS_PER_CHILD" in found[0].message
    assert "CELERY_TASK_SOFT_TIME_LIMIT" in found[1].message
    # And Celery does ignore them: the limits stay unset.
    assert app.conf.task_soft_time_limit is None
    assert app.conf.worker_max_tasks_per_child is None


def test_ctc101_a_misspelt_old_name():
    app = app_on()
    app.config_from_object({"CELERYD_PREFETCH_MULTIPLER": 1, "BROKER_URL": "redis://"})
    (found,) = findings(app)
    assert found.rule == "CTC101"
    assert "CELERYD_PREFETCH_MULTIPLIER (today's name: worker_prefetch_multiplier)" in (
        found.message
    )


def test_ctc101_real_names_old_names_and_other_settings_pass():
    class Settings:
        DEBUG = True
        REDIS_URL = "redis://localhost:6379/1"  # the project's own
        CELERY_BROKER_URL = "redis://localhost:6379/0"
        CELERY_RESULT_BACKEND = "django-db"
        CELERY_CACHE_BACKEND = "django-cache"  # django-celery-results reads it
        CELERY_TASK_SERIALIZER = "json"
        CELERY_ACCEPT_CONTENT = ("json",)
        CELERY_WORKER_MAX_TASKS_PER_CHILD = 100
        CELERY_TASK_SEND_SENT_EVENT = True
        CELERY_SEND_TASK_SENT_EVENT = True  # the old name beside it, agreeing
        CELERY_REDBEAT_REDIS_URL = "redis://localhost:6379/2"  # RedBeat's
        CELERY_REDBEAT_LOCK_TIMEOUT = 30
        CELERY_SINGLETON_BACKEND_URL = "redis://localhost:6379/3"
        CELERY_LONG_RUNNING_QUEUE = "kpi_long"  # the project's own, in the namespace
        CELERY_CHECKLIST_SILENCED = ()  # this checker's own

    app = app_on()
    app.config_from_object(Settings, namespace="CELERY")
    assert findings(app) == []


def test_ctc101_an_old_name_in_the_namespace_as_this_celery_reads_it():
    """Celery 5.7 reads CELERY_ACKS_LATE under namespace="CELERY"; 5.6 leaves
    task_acks_late False. The rule asks Celery, so it is right on both."""

    class Settings:
        CELERY_ACKS_LATE = True

    app = app_on()
    app.config_from_object(Settings, namespace="CELERY")
    read = app.conf.task_acks_late is True
    found = findings(app)
    assert [f.rule for f in found] == ([] if read else ["CTC101"])
    if found:
        assert "Celery reads CELERY_TASK_ACKS_LATE instead" in found[0].message


def test_ctc101_an_old_name_that_loses_to_the_new_one():
    app = app_on()
    app.config_from_object(
        {"CELERY_ACKS_LATE": True, "task_acks_late": False, "task_serializer": "json"}
    )
    assert app.conf.task_acks_late is False
    (found,) = findings(app)
    assert (found.rule, found.where) == ("CTC101", "setting CELERY_ACKS_LATE")


def test_ctc101_the_checkers_own_setting_and_project_settings_pass():
    app = app_on(checklist_silenced=["CTC601"], sentry_dsn="x", my_flag=True)
    assert findings(app) == []


# --- CTC102: task options --------------------------------------------------


def test_ctc102_an_unknown_option_in_the_decorator():
    app = app_on()

    @app.task(shared=False, retries=3)
    def fetch(url):
        return url

    (found,) = findings(app)
    assert found.rule == "CTC102"
    assert "'retries'" in found.message
    assert found.path == __file__
    assert found.line is not None


@pytest.mark.parametrize(
    "options",
    [
        {"queue": "emails"},
        {"routing_key": "emails.send", "exchange": "emails"},
        {"compression": "zlib"},
        {"delivery_mode": 1},
        {"priority": 5},
        {"expires": 600},
        {"serializer": "json"},
        {"rate_limit": "10/m", "ignore_result": True, "acks_late": True},
        {"bind": True, "typing": False, "trail": False},
        {"acks_on_failure_or_timeout": False, "reject_on_worker_lost": True},
    ],
    ids=lambda options: ",".join(options),
)
def test_ctc102_routing_and_exec_options_at_the_decorator_pass(options):  # OLD: FP-1
    app = app_on()

    @app.task(shared=False, **options)
    def send(address):
        return address

    assert findings(app) == []
    # Celery reads them when the task is sent (Task._get_exec_options).
    read = send._get_exec_options()
    assert {k: read[k] for k in options if k in read} == {
        k: v for k, v in options.items() if k in read
    }


def test_ctc102_routing_options_in_task_annotations_pass():  # OLD: FP-1
    app = app_on(
        task_annotations={"reader.slow": {"queue": "slow", "rate_limit": "1/s"}}
    )

    @app.task(shared=False, name="reader.slow")
    def slow():
        return 1

    assert findings(app) == []


def test_ctc102_an_unknown_option_in_task_annotations_once():
    app = app_on(task_annotations={"*": {"retries": 3}})

    @app.task(shared=False)
    def one():
        return 1

    @app.task(shared=False)
    def two():
        return 2

    (found,) = findings(app)
    assert (found.rule, found.where) == ("CTC102", "setting task_annotations['*']")


def test_ctc102_a_registered_task_class_keeps_its_own_methods():  # OLD: FP-2
    app = app_on()

    class Export(Task):
        name = "reader.export"
        queue = "exports"
        timeout_seconds = 30
        abstract = False
        chunk = 100  # spelt like Task.chunks, a method: not an option

        def helper(self, rows):
            return len(rows)

        @property
        def label(self):
            return "export"

        def run(self, rows):
            return self.helper(rows)

    app.register_task(Export())
    assert findings(app) == []


def test_ctc102_a_task_class_with_a_misspelt_option():
    app = app_on()

    class Export(Task):
        name = "reader.export"
        max_retires = 3

        def run(self):
            return 1

    app.register_task(Export())
    assert [(f.rule, "'max_retires'" in f.message) for f in findings(app)] == [
        ("CTC102", True)
    ]


def test_ctc102_options_a_custom_base_defines_pass():
    app = app_on()

    class Alerting(app.Task):
        alert_channel = "#payments"

    @app.task(shared=False, base=Alerting, alert_channel="#refunds")
    def refund(order_id):
        return order_id

    assert findings(app) == []


# --- CTC103, CTC104: retry options ----------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {"retry_backoff": True, "max_retries": 5},
        {"retry_jitter": False},
        {"retry_kwargs": {"max_retries": 5}},
        {"dont_autoretry_for": (ValueError,)},
    ],
    ids=lambda options: ",".join(options),
)
def test_ctc103_retry_tuning_without_autoretry_for(options):  # OLD: FN-2
    app = app_on()

    @app.task(shared=False, **options)
    def fetch():
        raise OSError

    assert rules(app) == ["CTC103"]


def test_ctc103_retry_tuning_with_autoretry_for_passes():
    app = app_on()

    @app.task(
        shared=False,
        autoretry_for=(OSError,),
        dont_autoretry_for=(FileNotFoundError,),
        retry_backoff=True,
        retry_backoff_max=300,
        retry_jitter=True,
        retry_kwargs={"max_retries": 5},
    )
    def fetch():
        raise OSError

    assert findings(app) == []


def test_ctc103_autoretry_for_from_a_base_class_passes():
    app = app_on()

    class Retrying(app.Task):
        autoretry_for = (OSError,)
        retry_backoff = True

    @app.task(shared=False, base=Retrying, retry_jitter=False)
    def fetch():
        raise OSError

    assert findings(app) == []


def test_ctc104_an_unknown_retry_kwargs_key():  # OLD: FN-3
    app = app_on()

    @app.task(shared=False, autoretry_for=(OSError,), retry_kwargs={"max_retry": 9})
    def fetch():
        raise OSError

    (found,) = findings(app)
    assert (found.rule, "'max_retry'" in found.message) == ("CTC104", True)


def test_ctc104_retry_kwargs_of_retry_and_apply_async_pass():
    app = app_on()

    @app.task(
        shared=False,
        autoretry_for=(OSError,),
        retry_kwargs={"max_retries": 4, "countdown": 30, "queue": "retries"},
    )
    def fetch():
        raise OSError

    assert findings(app) == []


# --- CTC201: time limits ---------------------------------------------------


def test_ctc201_inverted_limits_at_the_decorator():
    app = app_on()

    @app.task(shared=False, soft_time_limit=150, time_limit=120)
    def summarise():
        return 1

    assert rules(app) == ["CTC201"]


def test_ctc201_inverted_limits_in_the_settings_once():
    app = app_on(task_soft_time_limit=150, task_time_limit=120)

    @app.task(shared=False)
    def one():
        return 1

    @app.task(shared=False)
    def two():
        return 2

    assert [f.where for f in findings(app)] == ["setting task_soft_time_limit"]


def test_ctc201_the_soft_limit_first_passes():
    app = app_on(task_soft_time_limit=100, task_time_limit=120)

    @app.task(shared=False, soft_time_limit=30, time_limit=40)
    def quick():
        return 1

    assert findings(app) == []


# --- CTC301, CTC302: pickle ------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("task_serializer", "pickle"),
        ("result_serializer", "pickle"),
        ("accept_content", ["json", "pickle"]),
        ("result_accept_content", ["application/x-python-serialize"]),
    ],
)
def test_ctc301_pickle_in_the_settings(setting, value):
    assert rules(app_on(**{setting: value})) == ["CTC301"]


def test_ctc301_json_passes():
    app = app_on(accept_content=["json"], result_accept_content=["json"])
    assert findings(app) == []


def test_ctc302_a_task_level_pickle_serializer():  # OLD: FN-4
    app = app_on()

    @app.task(shared=False, serializer="pickle")
    def dump(project):
        return project

    assert rules(app) == ["CTC302"]


# --- CTC401, CTC402: visibility timeouts ----------------------------------


def test_ctc401_a_backoff_cap_above_the_visibility_timeout_on_redis():
    app = app_on()

    @app.task(
        shared=False,
        autoretry_for=(OSError,),
        retry_backoff=True,
        retry_backoff_max=7200,
        max_retries=None,  # unbounded: the waits reach the cap (F2)
    )
    def fetch():
        raise OSError

    assert rules(app) == ["CTC401"]


def test_ctc401_a_retry_countdown_in_retry_kwargs():  # OLD: FN-3 (countdown 7200)
    app = app_on()

    @app.task(shared=False, autoretry_for=(OSError,), retry_kwargs={"countdown": 7200})
    def fetch():
        raise OSError

    assert rules(app) == ["CTC401"]


def test_ctc401_a_self_retry_countdown_in_the_code():
    app = app_on()

    @app.task(shared=False, bind=True)
    def fetch(self):
        try:
            raise OSError
        except OSError as exc:
            raise self.retry(exc=exc, countdown=4 * 3600) from exc

    assert rules(app) == ["CTC401"]


def test_ctc401_another_librarys_retry_is_not_the_tasks():
    app = app_on(broker_transport_options={"visibility_timeout": 120})

    @app.task(shared=False)
    def fetch(session, url):
        return session.retry(url, countdown=4 * 3600)  # an HTTP client's

    assert findings(app) == []


def test_ctc401_a_task_that_never_retries_passes_a_short_timeout():  # OLD: FP-7
    app = app_on(broker_transport_options={"visibility_timeout": 120})

    @app.task(shared=False)  # default_retry_delay is 180 s, and never used
    def fetch(url):
        return url

    assert findings(app) == []


@pytest.mark.parametrize(
    ("broker", "options"),
    [
        ("redis+socket:///tmp/redis.sock", {}),  # OLD: FN-6, kombu takes "redis"
        ("sqs://", {"visibility_timeout": 600}),  # OLD: FN-6
        ("pgmq://localhost/db", {}),  # kombu 5.7's PGMQ: 1800 s by default
        (["redis://a:6379/0", "redis://b:6379/0"], {}),  # OLD: crash
        ("redis://a:6379/0;redis://b:6379/0", {}),
    ],
    ids=["redis+socket", "sqs", "pgmq", "failover-list", "failover-string"],
)
def test_ctc401_every_broker_with_a_visibility_timeout(broker, options):
    app = app_on(broker=broker, broker_transport_options=options)

    @app.task(
        shared=False,
        autoretry_for=(OSError,),
        retry_backoff=True,
        retry_backoff_max=3600,
        retry_kwargs={"max_retries": 13},  # 2 ** 12 s: the cap is reached
    )
    def fetch():
        raise OSError

    assert rules(app) == ["CTC401"]


@pytest.mark.parametrize("broker", ["amqp://localhost//", ["amqp://a//", "amqp://b//"]])
def test_ctc401_rabbitmq_has_no_visibility_timeout(broker):
    app = app_on(broker=broker)

    @app.task(
        shared=False,
        autoretry_for=(OSError,),
        retry_backoff=True,
        retry_backoff_max=7200,
    )
    def fetch():
        raise OSError

    assert findings(app) == []


def test_ctc402_acks_late_with_a_long_hard_limit():
    app = app_on()

    @app.task(shared=False, acks_late=True, time_limit=3600, soft_time_limit=3500)
    def export():
        return 1

    assert rules(app) == ["CTC402"]


def test_ctc402_a_hard_limit_below_the_timeout_passes():
    app = app_on(task_acks_late=True)

    @app.task(shared=False, time_limit=3599, soft_time_limit=3500)
    def export():
        return 1

    assert findings(app) == []


# --- CTC501, CTC502, CTC601: beat ------------------------------------------


def beat_app(**entry):
    app = app_on()

    @app.task(shared=False, name="reader.report")
    def report():
        return "built"

    app.conf.beat_schedule = {"report": {"task": "reader.report", **entry}}
    return app


def test_ctc501_an_entry_naming_a_task_nobody_registers():
    app = beat_app(task="reader.reports", schedule=60.0, options={"expires": 50})
    assert rules(app) == ["CTC501"]


@pytest.mark.parametrize(
    "schedule",
    [
        crontab(hour=3),
        crontab(day_of_week="mon"),  # OLD: FN-5, every minute of Monday
        crontab(day_of_month=1),  # OLD: FN-5
        crontab(hour=0, day_of_week="sun"),
    ],
    ids=str,
)
def test_ctc502_a_minute_left_at_star(schedule):
    app = beat_app(schedule=schedule, options={"expires": 50})
    assert rules(app) == ["CTC502"]


@pytest.mark.parametrize(
    "schedule",
    [
        crontab(minute=0, hour=3),
        crontab(minute=0, hour=0, day_of_week="mon"),
        crontab(minute="*/15"),
        crontab(),  # every minute, every day: what it says
        crontab(minute="*/1", hour="9-17"),  # every minute of office hours, said so
        timedelta(minutes=5),
    ],
    ids=str,
)
def test_ctc502_schedules_that_say_their_minute_pass(schedule):
    assert findings(beat_app(schedule=schedule, options={"expires": 50})) == []


def test_ctc601_an_entry_without_expires():
    assert rules(beat_app(schedule=60.0)) == ["CTC601"]


def test_ctc601_expires_on_the_task_itself_passes():  # OLD: FP-3
    app = app_on(task_annotations={"reader.annotated": {"expires": 50}})

    @app.task(shared=False, name="reader.decorated", expires=50)
    def decorated():
        return 1

    @app.task(shared=False, name="reader.annotated")
    def annotated():
        return 1

    app.conf.beat_schedule = {
        "a": {"task": "reader.decorated", "schedule": 60.0},
        "b": {"task": "reader.annotated", "schedule": 60.0},
    }
    assert findings(app) == []


# --- silencing -------------------------------------------------------------


def test_silenced_by_rule_or_item_in_the_setting_or_the_call():
    app = beat_app(schedule=crontab(hour=3))
    assert rules(app) == ["CTC502", "CTC601"]
    assert rules(app, ignore=["CTC601"]) == ["CTC502"]
    assert rules(app, ignore=["periodic-tasks"]) == ["CTC601"]
    app.conf.checklist_silenced = ["expire-work", "CTC502"]
    assert findings(app) == []


def test_importing_the_checker_binds_no_app():
    """Reading Task.app binds Celery's base Task to the current app: then the
    annotations of every later app are ignored. The checker never does."""
    assert Task.__dict__["__bound__"] is False
    assert Task.__dict__.get("_app") is None


def test_every_rule_cites_a_page_of_the_checklist():
    assert {rule.item for rule in ctc.RULES.values()} <= set(ctc.PAGES)
    assert all(rule.url.startswith(ctc.SITE) for rule in ctc.RULES.values())


def test_a_finding_prints_as_one_line():
    app = app_on()

    @app.task(shared=False, retries=3)
    def fetch():
        return 1

    (found,) = findings(app)
    assert str(found) == f"{found.item}: {found.message} (see {found.url})"
