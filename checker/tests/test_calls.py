"""What the plugin checks on each task a test sends: CTC105, CTC201, CTC403,
on messages Celery itself builds (published to the in-memory broker)."""

from datetime import datetime, timedelta, timezone

import celery_tasks_checklist as ctc
import pytest
from celery.signals import before_task_publish
from ctc_cases import app_on

UTC = timezone.utc  # noqa: UP017  datetime.UTC is 3.11's: the checker runs on 3.10


@pytest.fixture
def sent():
    messages = []

    def record(sender=None, headers=None, properties=None, **_):
        messages.append((sender, headers, properties))

    before_task_publish.connect(record, weak=False)
    yield messages
    before_task_publish.disconnect(record)


@pytest.fixture
def app():
    app = app_on(broker="memory://", result_backend="cache+memory://")

    @app.task(shared=False, name="reader.fetch", bind=True, max_retries=3)
    def fetch(self, url, token=None):
        return url

    return app


def rules(messages, app=None):
    return [f.rule for m in messages for f in ctc.call_findings(*m, app=app)]


def test_ctc105_task_options_given_to_a_call(app, sent):
    app.tasks["reader.fetch"].apply_async(("u",), bind=True, retry_backoff=10)
    assert rules(sent) == ["CTC105", "CTC105"]


def test_ctc105_documented_call_options_pass(app, sent):  # OLD: FP-4
    fetch = app.tasks["reader.fetch"]
    fetch.apply_async(
        ("u",),
        {"token": "secret"},
        argsrepr="('u',)",
        kwargsrepr="{'token': '***'}",
        queue="fetch",
        priority=3,
        expires=60,
        countdown=5,
        headers={"tenant": "a"},
        shadow="fetch(u)",
        ignore_result=True,
        time_limit=30,
        soft_time_limit=20,
    )
    app.send_task("reader.fetch", ("u",), routing_key="fetch", retries=1)
    assert rules(sent) == []


def test_ctc105_a_retry_celery_publishes_passes(app, sent):  # OLD: FP-5
    fetch = app.tasks["reader.fetch"]
    fetch.push_request(
        id="a",
        retries=0,
        origin="gen1@host",
        args=("u",),
        kwargs={},
        called_directly=False,
        delivery_info={"routing_key": "celery", "exchange": ""},
    )
    try:
        fetch.retry(exc=OSError("down"), countdown=10, throw=False)
    finally:
        fetch.pop_request()
    ((_, headers, _),) = sent
    assert headers["origin"] == "gen1@host"  # carried over by the retry
    assert rules(sent) == []


def test_ctc201_inverted_limits_given_to_a_call(app, sent):
    app.tasks["reader.fetch"].apply_async(("u",), soft_time_limit=2, time_limit=1)
    assert rules(sent) == ["CTC201"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"countdown": 23 * 3600}, ["CTC403"]),  # Taiga's 24 h, Redis's 1 h
        ({"eta": datetime.now(UTC) + timedelta(hours=2)}, ["CTC403"]),
        ({"countdown": 600}, []),
        ({}, []),
    ],
    ids=["23h", "eta-2h", "10min", "now"],
)
def test_ctc403_a_countdown_past_the_visibility_timeout(app, sent, options, expected):
    # OLD: FN-7, no countdown was checked
    app.tasks["reader.fetch"].apply_async(("u",), **options)
    on_redis = app_on()  # the message as a Redis-configured app would send it
    assert rules(sent, on_redis) == expected
    assert rules(sent, app_on(broker="amqp://")) == []  # no visibility timeout


def test_canvas_messages_pass(app, sent):
    from celery import chain, chord, group

    fetch = app.tasks["reader.fetch"]
    chain(fetch.s("a"), fetch.s()).apply_async()
    group(fetch.s("a"), fetch.s("b")).apply_async()
    chord([fetch.s("a"), fetch.s("b")], fetch.s()).apply_async()
    assert len(sent) >= 5
    assert rules(sent) == []
