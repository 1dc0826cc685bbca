"""The outside review of the checker (December 2026): each false finding
(F-n), claim (C-n, B-n) and rule a broken module survived (T-n). Each test
failed on the module the review read, or on the mutant named beside it."""

import itertools
import json
import textwrap
from datetime import datetime, timedelta

import celery_tasks_checklist as ctc
import pytest
from celery import Task
from celery.signals import task_prerun
from ctc_cases import app_on, findings, load, rules

# --- F1: a real setting name, overridden on the app ------------------------


def test_f1_namespaced_settings_overridden_on_the_app_pass():
    class Settings:  # a Django settings module, as config_from_object reads it
        CELERY_BROKER_URL = "redis://localhost:6379/0"
        CELERY_TASK_ACKS_LATE = False
        CELERY_TASK_ALWAYS_EAGER = False

    app = app_on()
    app.config_from_object(Settings, namespace="CELERY")
    # celery.py or a conftest sets them again, by their names on the app
    app.conf.update(task_always_eager=True, broker_url="memory://")
    # (5.7 then reads True, 5.5 and 5.6 keep the namespaced False: either way
    # these are the names Celery reads.)
    app.conf.task_acks_late = True
    assert findings(app) == []


def test_f1_an_old_name_set_again_on_the_app_passes():
    app = app_on()
    app.config_from_object({"CELERY_ACKS_LATE": False})
    app.conf.task_acks_late = True
    assert rules(app) == []


# --- F2: the longest autoretry backoff -------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        # min(3600, 1 * 2 ** 7) = 128 s: never near the hour
        ({"retry_backoff": True, "retry_backoff_max": 3600, "max_retries": 8}, []),
        # the default max_retries 3: 4 s
        ({"retry_backoff": True, "retry_backoff_max": 7200}, []),
        # 60 * 2 ** 4 = 960 s
        ({"retry_backoff": 60, "retry_backoff_max": 7200, "max_retries": 5}, []),
        # 60 * 2 ** 7 = 7680, capped at 7200: past the hour
        (
            {"retry_backoff": 60, "retry_backoff_max": 7200, "max_retries": 8},
            ["CTC401"],
        ),
        # unbounded retries reach the cap
        (
            {"retry_backoff": True, "retry_backoff_max": 3600, "max_retries": None},
            ["CTC401"],
        ),
        # retry_kwargs' max_retries is the one Task.retry reads
        (
            {
                "retry_backoff": True,
                "retry_backoff_max": 3600,
                "retry_kwargs": {"max_retries": 13},
            },
            ["CTC401"],
        ),
    ],
    ids=["128s", "default-retries", "960s", "cap-7200", "unbounded", "retry_kwargs"],
)
def test_f2_the_backoff_wait_is_bounded_by_max_retries(options, expected):
    app = app_on()

    @app.task(shared=False, autoretry_for=(OSError,), **options)
    def fetch():
        raise OSError

    assert rules(app) == expected


# --- F3 and T2: acks_late as the worker reads it ---------------------------


def test_f3_an_explicit_acks_late_false_wins_over_the_setting():
    app = app_on(task_acks_late=True)

    @app.task(shared=False, acks_late=False, time_limit=7200, soft_time_limit=7000)
    def export():
        return 1

    assert export.acks_late is False  # Task.from_config leaves it alone
    assert findings(app) == []


def test_t2_acks_late_from_the_setting_counts():
    app = app_on(task_acks_late=True)

    @app.task(shared=False, time_limit=7200, soft_time_limit=7000)
    def export():
        return 1

    assert rules(app) == ["CTC402"]


# --- F4: custom options the project reads ----------------------------------


class LockedTask(Task):
    """Takes a lock around run(), for the task's own lock_ttl."""

    def __call__(self, *args, **kwargs):
        self.ttl_used = getattr(self, "lock_ttl", 60)
        return super().__call__(*args, **kwargs)


@task_prerun.connect
def _audit(sender=None, **kwargs):
    if getattr(sender, "audit", False):
        sender.audited = True


def test_f4_options_a_custom_base_or_a_signal_reads_pass():
    app = app_on(task_annotations={"*": {"tenant_aware": True}})

    @app.task(shared=False, base=LockedTask, lock_ttl=300)
    def locked():
        return 1

    @app.task(shared=False, audit=True)
    def audited():
        return 1

    assert findings(app) == []
    locked()
    assert locked.ttl_used == 300  # the project does read it


@pytest.mark.parametrize(
    ("option", "hint"),
    [
        ("max_retires", "did you mean 'max_retries'?"),
        ("retries", "did you mean 'max_retries'?"),
        ("ack_late", "did you mean 'acks_late'?"),
        ("task_time_limit", "did you mean 'time_limit'?"),
        ("countdown", "did you mean countdown= when the task is sent"),
    ],
)
def test_f4_a_name_close_to_a_real_option_is_reported(option, hint):
    app = app_on()

    @app.task(shared=False, **{option: 3})
    def fetch():
        return 1

    (found,) = findings(app)
    assert found.rule == "CTC102"
    assert hint in found.message
    assert "does nothing" not in found.message


# --- F5: retry defaults on the project's base ------------------------------


class RetryDefaults(Task):
    """Project-wide defaults; tasks opt in to autoretry with autoretry_for."""

    retry_backoff = True
    retry_backoff_max = 300
    retry_jitter = True


def test_f5_retry_defaults_inherited_from_the_projects_base_pass():
    app = app_on()

    @app.task(shared=False, base=RetryDefaults, autoretry_for=(OSError,))
    def retrying():
        return 1

    @app.task(shared=False, base=RetryDefaults)
    def plain():
        return 1

    assert findings(app) == []


def test_f5_what_the_task_sets_itself_is_still_reported():
    app = app_on()

    @app.task(shared=False, base=RetryDefaults, retry_backoff_max=60)
    def plain():
        return 1

    (found,) = findings(app)
    assert found.rule == "CTC103"
    assert "retry_backoff_max without" in found.message


# --- F6, F7: the code rules -------------------------------------------------

HEAD = """
import json
from functools import partial

from celery import Celery

app = Celery("reader", broker="redis://localhost:6379/0", set_as_current=False)


class transaction:  # stands in for django.db.transaction
    @staticmethod
    def atomic(f=None):
        import contextlib

        return f if callable(f) else contextlib.nullcontext()

    @staticmethod
    def on_commit(f):
        f()


@app.task(shared=False)
def notify(order_id):
    return order_id
"""


def test_f6_a_lambda_given_to_on_commit_later_passes(tmp_path):
    module = load(
        tmp_path,
        HEAD
        + """

def create_order(order_id):
    with transaction.atomic():
        send = lambda: notify.delay(order_id)  # noqa: E731
        transaction.on_commit(send)
""",
    )
    assert findings(module.app) == []


def test_f6_a_lambda_called_inside_the_block_is_not_guessed(tmp_path):
    module = load(
        tmp_path,
        HEAD
        + """

def create_order(order_id):
    with transaction.atomic():
        notify.delay(order_id)
""",
    )
    assert rules(module.app) == ["CTC702"]  # the plain case is still found


def test_f7_a_name_bound_again_is_no_result(tmp_path):
    module = load(
        tmp_path,
        HEAD
        + """

@app.task(shared=False)
def sync(order_id):
    result = notify.delay(order_id)  # fire and forget
    print("sent", result.id)
    result = json.loads('{"ok": true}')
    return result.get("ok")
""",
    )
    assert findings(module.app) == []


def test_f7_a_loop_variable_bound_again_is_no_result(tmp_path):
    module = load(
        tmp_path,
        HEAD
        + """

@app.task(shared=False)
def sync(rows):
    result = notify.delay(1)
    for result in rows:
        print(result.get("id"))
    return [row.get("id") for row in rows]
""",
    )
    assert findings(module.app) == []


@pytest.mark.parametrize("option", ["timeout", "type", "headers", "exchange_type"])
def test_f4_call_options_that_may_be_the_projects_own_pass(option):
    app = app_on()

    @app.task(shared=False, **{option: "x"})
    def fetch():
        return 1

    assert findings(app) == []


def test_f7_the_last_binding_an_enqueue_is_a_wait(tmp_path):
    module = load(
        tmp_path,
        HEAD
        + """

@app.task(shared=False)
def sync(order_id):
    result = json.loads('{"ok": true}')
    result = notify.delay(order_id)
    return result.get(timeout=10)
""",
    )
    assert rules(module.app) == ["CTC701"]


# --- F8: an explicit minute="*" --------------------------------------------


def test_f8_an_explicit_star_minute_passes(tmp_path):
    module = load(
        tmp_path,
        """
        from celery import Celery
        from celery.schedules import crontab

        app = Celery("beat8", broker="amqp://", set_as_current=False)


        @app.task(shared=False, name="beat8.poll", expires=30)
        def poll():
            return 1


        app.conf.beat_schedule = {
            "poll": {
                "task": "beat8.poll",
                "schedule": crontab(minute="*", hour="9-17"),
            },
            "nightly": {"task": "beat8.poll", "schedule": crontab(hour=3)},
        }
        """,
    )
    (found,) = findings(module.app)
    assert (found.rule, found.where) == ("CTC502", "beat entry 'nightly'")


# --- F9: visibility timeouts as kombu reads them ----------------------------


@pytest.mark.parametrize(
    ("broker", "timeout", "countdown", "expected"),
    [
        ("sqs://", None, 60, []),  # the default, 1800 s
        ("sqs://", "", 7200, ["CTC401"]),  # the default too
        ("sqs://", "43200", 7200, []),  # a string kombu reads as a number
        ("sqs://", "600", 900, ["CTC401"]),
        ("pgmq://localhost/db", "43200.0", 7200, []),
        ("sqs://", "not a number", 7200, []),  # kombu fails: no guess
        ("redis://", "43200", 7200, []),  # Redis takes it as given: no guess
    ],
)
def test_f9_visibility_timeout_none_empty_or_a_string(
    broker, timeout, countdown, expected
):
    app = app_on(
        broker=broker, broker_transport_options={"visibility_timeout": timeout}
    )

    @app.task(
        shared=False, autoretry_for=(OSError,), retry_kwargs={"countdown": countdown}
    )
    def fetch():
        raise OSError

    assert rules(app) == expected


# --- T1, T3, T4, T5: rules a broken module passed ----------------------------


def test_t1_a_raised_visibility_timeout_clears_the_finding():  # M27
    app = app_on(broker_transport_options={"visibility_timeout": 43200})

    @app.task(shared=False, bind=True)
    def fetch(self):
        raise self.retry(countdown=7200)

    assert findings(app) == []
    assert ctc.visibility_timeout(app) == ("redis", 43200)


@pytest.mark.parametrize("caller", ["current_task", "fetch"])
def test_t3_current_task_and_the_tasks_own_name_retry(tmp_path, caller):  # M29
    module = load(
        tmp_path,
        f"""
        from celery import Celery, current_task

        app = Celery("t3", broker="redis://localhost:6379/0", set_as_current=False)


        @app.task(shared=False)
        def fetch():
            raise {caller}.retry(countdown=7200)
        """,
    )
    assert rules(module.app) == ["CTC401"]


def test_t4_get_with_disable_sync_subtasks_false_on_any_receiver(tmp_path):  # M12b
    module = load(
        tmp_path,
        """
        from celery import Celery

        app = Celery("t4", broker="amqp://", set_as_current=False)


        @app.task(shared=False)
        def total(pending):
            return pending.get(disable_sync_subtasks=False)
        """,
    )
    (found,) = findings(module.app)
    assert "disable_sync_subtasks=False" in found.message


def test_t5_equal_limits_at_the_decorator():  # M01
    app = app_on()

    @app.task(shared=False, soft_time_limit=120, time_limit=120)
    def export():
        return 1

    assert rules(app) == ["CTC201"]


def test_t5_equal_limits_in_the_settings():  # M33
    assert rules(app_on(task_soft_time_limit=120, task_time_limit=120)) == ["CTC201"]


@pytest.mark.parametrize(
    "broker",
    ["rediss://localhost:6380/0", "sentinel://localhost:26379/0"],
)
def test_t5_rediss_and_sentinel_have_the_redis_timeout(broker):  # M05b, M05c
    assert ctc.visibility_timeout(app_on(broker=broker))[1] == 3600


def test_t5_checklist_silenced_as_a_comma_string():  # M16
    app = app_on(checklist_silenced="CTC501, CTC601")
    app.conf.beat_schedule = {"x": {"task": "nobody.registers", "schedule": 60.0}}
    assert findings(app) == []


def test_t5_a_naive_eta_is_read_as_utc():  # M18
    app = app_on(broker_transport_options={"visibility_timeout": 600})
    naive = (datetime.utcnow() + timedelta(hours=2)).replace(tzinfo=None)
    found = ctc.call_findings("reader.fetch", {"eta": naive.isoformat()}, {}, app)
    assert [f.rule for f in found] == ["CTC403"]


def test_t5_a_task_installed_in_site_packages_is_not_read(tmp_path, monkeypatch):
    # M42: the code of an installed package is not the project's to fix
    source = """
    from celery import Celery

    app = Celery("t5", broker="amqp://", set_as_current=False)


    @app.task(shared=False)
    def total(task_id):
        return app.AsyncResult(task_id).get()
    """
    module = load(tmp_path, source)
    assert rules(module.app) == ["CTC701"]
    monkeypatch.setattr(ctc, "_INSTALLED", (str(tmp_path.resolve()) + "/",))
    module = load(tmp_path, source)
    assert findings(module.app) == []


# --- C2, C3, C4, B1: the command ----------------------------------------------


_NUMBERS = itertools.count()


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))

    def make(source, name="review"):
        name = f"{name}_{next(_NUMBERS)}"  # a fresh module, imported afresh
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source))
        return name

    return make


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            'import sys\nsys.exit("DATABASE_URL is not set")\n',
            "SystemExit: DATABASE_URL is not set",
        ),
        ("raise SystemExit(3)\n", "SystemExit: exit status 3"),
        (
            'raise RuntimeError("first line\\n  second line")\n',
            "RuntimeError: first line second line",
        ),
    ],
    ids=["sys.exit", "status", "two-lines"],
)
def test_c2_an_app_that_exits_on_import_exits_2_on_one_line(
    project, capsys, source, message
):
    name = project(source)
    assert ctc.main(["-A", f"{name}:app", "--format", "sarif"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert (
        err == f"celery-checklist: error: cannot load the app '{name}:app': {message}\n"
    )


NOISY = """
import logging, sys

print("Loading settings for env=ci")
logging.getLogger("noisy").addHandler(logging.StreamHandler(sys.stdout))
logging.getLogger("noisy").warning("config loaded")
from celery import Celery

app = Celery("noisy", broker="redis://localhost:6379/0", set_as_current=False)
app.conf.worker_prefetch_multipler = 1
"""


@pytest.mark.parametrize("fmt", ["sarif", "json", "text"])
def test_c3_output_goes_to_its_file_whatever_the_app_prints(
    project, capsys, tmp_path, fmt
):
    name = project(NOISY)
    out_file = tmp_path / f"out.{fmt}"
    assert ctc.main(["-A", f"{name}:app", "--format", fmt, "-o", str(out_file)]) == 1
    printed = capsys.readouterr().out
    assert "Loading settings" in printed  # the app's own output, left on stdout
    assert "CTC101" not in printed
    written = out_file.read_text()
    if fmt == "sarif":
        assert json.loads(written)["runs"][0]["results"][0]["ruleId"] == "CTC101"
    elif fmt == "json":
        assert json.loads(written)[0]["rule"] == "CTC101"
    else:
        assert written.splitlines()[0].endswith("real-option-names/)")


def test_c3_a_clean_app_writes_an_empty_report(project, tmp_path):
    name = project('from celery import Celery\napp = Celery("c", broker="amqp://")\n')
    out_file = tmp_path / "out.sarif"
    assert (
        ctc.main(["-A", f"{name}:app", "--format", "sarif", "-o", str(out_file)]) == 0
    )
    assert json.loads(out_file.read_text())["runs"][0]["results"] == []


def test_c4_an_app_attribute_that_is_not_there(project, capsys):
    name = project('from celery import Celery\napp = Celery("c", broker="amqp://")\n')
    assert ctc.main(["-A", f"{name}:nosuch"]) == 2
    assert capsys.readouterr().err == (
        f"celery-checklist: error: cannot load the app '{name}:nosuch': module "
        f"'{name}' has no attribute 'nosuch'\n"
    )


BEAT = """
from celery import Celery

app = Celery("b", broker="amqp://", set_as_current=False)
app.conf.beat_schedule = {"x": {"task": "nobody.registers", "schedule": 60.0}}
"""


def test_b1_ignore_takes_a_comma_list(project, capsys):
    name = project(BEAT)
    assert ctc.main(["-A", f"{name}:app", "--ignore", "CTC601,CTC501"]) == 0
    assert ctc.main(["-A", f"{name}:app", "--ignore", "CTC601, periodic-tasks"]) == 0


@pytest.mark.parametrize(
    "argv", [["--ignore", "CTC999"], ["--ignore", "CTC601,nosuch-item"]]
)
def test_b1_an_unknown_id_is_a_usage_error(project, capsys, argv):
    name = project(BEAT)
    assert ctc.main(["-A", f"{name}:app", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("celery-checklist: error: unknown rule or item id")
    assert err.count("\n") == 1


def test_b1_an_unknown_id_in_the_app_setting_is_an_error():
    app = app_on(checklist_silenced=["CTC601", "CTC6O1"])
    with pytest.raises(ctc.UsageError, match="unknown rule or item id 'CTC6O1'"):
        findings(app)


def test_c6_str_is_the_printed_line_without_place_and_rule(project, capsys):
    name = project(NOISY)
    assert ctc.main(["-A", f"{name}:app"]) == 1
    line = capsys.readouterr().out.splitlines()[-1]
    (found,) = ctc.check_app(ctc.load_app(f"{name}:app"))
    assert line == f"{name}.py:{found.line}: {found.rule} {found}"
    assert not str(found).startswith((f"{name}.py", found.rule))
