"""Checks a configured Celery app against the Celery Tasks Checklist.

Copy this file alone into your test suite and set APP below. Each finding is
one line: the checklist item's id, what is wrong, and the page that explains it.
To check the options of every task your tests send to a broker as well, add
``pytest_plugins = ["test_celery_checklist"]`` to the conftest.py in this
file's folder (a folder with no __init__.py that pytest loads at start: tests/
in the folder you run pytest in, or one you name on the command line).
"""

from urllib.parse import urlsplit

import pytest
from celery import Task
from celery.schedules import crontab, maybe_schedule
from celery.signals import before_task_publish
from celery.utils.imports import symbol_by_name

APP = "tasks:app"  # <- your Celery app, as "module:attribute" (both parts)

SITE = "https://celerytaskschecklist.com/"
PAGES = {
    "real-option-names": "time-and-deploys/real-option-names/",
    "time-limits": "handling-failure/time-limits/",
    "json-not-pickle": "handling-failure/json-not-pickle/",
    "short-countdowns": "time-and-deploys/short-countdowns/",
    "acks-late": "handling-failure/acks-late/",
    "periodic-tasks": "observability/periodic-tasks/",
    "expire-work": "time-and-deploys/expire-work/",
}
# Options the task decorator hands to autoretry; they are not Task attributes.
AUTORETRY_OPTIONS = {
    "autoretry_for",
    "dont_autoretry_for",
    "retry_kwargs",
    "retry_backoff",
    "retry_backoff_max",
    "retry_jitter",
}
# Redis brokers redeliver a message held unacknowledged past visibility_timeout.
VISIBILITY_TIMEOUT_BROKERS = {"redis", "rediss", "sentinel"}
PICKLE = {"pickle", "application/x-python-serialize"}
# What a published task message may carry besides Celery's headers. An option
# apply_async does not know is passed on as one more property nobody reads.
MESSAGE_PROPERTIES = {
    "app_id",
    "cluster_id",
    "content_encoding",
    "content_type",
    "correlation_id",
    "delivery_mode",
    "expiration",
    "headers",
    "immediate",
    "mandatory",
    "message_id",
    "priority",
    "reply_to",
    "timestamp",
    "type",
    "user_id",
}


def finding(item, problem):
    return f"{item}: {problem} (see {SITE}{PAGES[item]})"


def unknown_options(task):
    """Options given to the task decorator or in task_annotations that no
    Celery Task (nor the task's own base class) has: Celery ignores them."""
    bases = type(task).__mro__[1:]
    # Set on the class from the app's settings when the task is bound.
    from_config = {attribute for attribute, _ in Task.from_config}
    return sorted(
        name
        for name in vars(type(task))
        if not name.startswith("_")
        and name not in AUTORETRY_OPTIONS | from_config
        and not any(name in vars(base) for base in bases)
    )


def visibility_timeout(app):
    """The broker's redelivery timer in seconds, or None if it has none."""
    scheme = urlsplit(app.conf.broker_url or "").scheme.split("+")[-1]
    if scheme not in VISIBILITY_TIMEOUT_BROKERS:
        return None
    options = app.conf.broker_transport_options or {}
    return options.get("visibility_timeout", 3600)  # kombu's default


def task_findings(app, task, timeout):
    found = [
        finding(
            "real-option-names",
            f"{task.name}: {name!r} is not a Celery task option, so it does nothing",
        )
        for name in unknown_options(task)
    ]
    soft = task.soft_time_limit or app.conf.task_soft_time_limit
    hard = task.time_limit or app.conf.task_time_limit
    if soft and hard and soft >= hard:
        found.append(
            finding(
                "time-limits",
                f"{task.name}: soft time limit {soft} s is not below the hard "
                f"limit {hard} s: the soft limit must fire first",
            )
        )
    if timeout is None:
        return found
    waits = {"default_retry_delay": task.default_retry_delay}
    if getattr(task, "retry_backoff", False):
        waits["retry_backoff_max"] = getattr(task, "retry_backoff_max", 600)
    for name, seconds in waits.items():
        if seconds and seconds >= timeout:
            found.append(
                finding(
                    "short-countdowns",
                    f"{task.name}: {name} {seconds} s is not below the broker's "
                    f"visibility_timeout {timeout} s, so the retry can run twice",
                )
            )
    acks_late = task.acks_late or app.conf.task_acks_late
    if acks_late and hard and hard >= timeout:
        found.append(
            finding(
                "acks-late",
                f"{task.name}: acks_late with time_limit {hard} s, not below the "
                f"visibility_timeout {timeout} s: a long run is delivered again",
            )
        )
    return found


def serializer_findings(app):
    conf = app.conf
    found = []
    for setting in ("task_serializer", "result_serializer"):
        if conf[setting] in PICKLE:
            found.append(finding("json-not-pickle", f"{setting} is {conf[setting]!r}"))
    for setting in ("accept_content", "result_accept_content"):
        if PICKLE & set(conf[setting] or ()):
            found.append(finding("json-not-pickle", f"{setting} accepts pickle"))
    return found


def beat_findings(app):
    found = []
    for name, entry in (app.conf.beat_schedule or {}).items():
        if entry["task"] not in app.tasks:
            found.append(
                finding(
                    "periodic-tasks",
                    f"beat entry {name!r} sends {entry['task']!r}, a task this app "
                    "does not register",
                )
            )
        schedule = maybe_schedule(entry["schedule"], app=app)
        if (
            isinstance(schedule, crontab)
            and len(schedule.minute) == 60
            and len(schedule.hour) < 24
        ):
            found.append(
                finding(
                    "periodic-tasks",
                    f"beat entry {name!r}: crontab minute is '*' while the hour is "
                    "fixed, so it runs every minute of those hours",
                )
            )
        if "expires" not in entry.get("options", {}):
            found.append(
                finding(
                    "expire-work",
                    f"beat entry {name!r} has no 'expires' in its options",
                )
            )
    return found


def check_app(app):
    """Every finding for ``app``, one line each; an empty list means none."""
    # What a worker imports when it starts: include, imports, autodiscovery.
    app.loader.import_default_modules()
    timeout = visibility_timeout(app)
    found = []
    for name, task in sorted(app.tasks.items()):
        if not name.startswith("celery.") and isinstance(task, Task):
            found += task_findings(app, task, timeout)
    return found + serializer_findings(app) + beat_findings(app)


def call_findings(task_name, headers, properties):
    found = [
        finding(
            "real-option-names",
            f"{task_name} was sent with {name!r}, not an option of apply_async",
        )
        for name in sorted(set(properties) - MESSAGE_PROPERTIES)
    ]
    hard, soft = headers.get("timelimit") or (None, None)
    if soft and hard and soft >= hard:
        found.append(
            finding(
                "time-limits",
                f"{task_name} was sent with soft time limit {soft} s, not below "
                f"its hard limit {hard} s: the hard limit waits for the soft one",
            )
        )
    return found


@pytest.fixture(autouse=True)
def sent_with_known_options():
    """Fails a test that sends a task with an option Celery does not know.

    Sent means published, to any broker (memory:// too): eager calls publish
    nothing. As a plugin (pytest_plugins) it applies to every test.
    """
    found = []

    def check(sender=None, headers=None, properties=None, **_):
        found.extend(call_findings(sender, headers or {}, properties or {}))

    before_task_publish.connect(check, weak=False)
    yield
    before_task_publish.disconnect(check)
    assert not found, "\n".join(found)


def test_the_app_follows_the_checklist():
    found = check_app(symbol_by_name(APP))
    assert not found, "\n".join(found)
