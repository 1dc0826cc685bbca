"""The rules that read the tasks' code with ast: CTC701 and CTC702."""

import pytest
from ctc_cases import findings, load

HEAD = """
from celery import Celery, group
from celery.result import AsyncResult, allow_join_result

app = Celery("reader", broker="redis://localhost:6379/0", set_as_current=False)


@app.task(shared=False)
def add(x, y):
    return x + y
"""


@pytest.mark.parametrize(
    "body",
    [
        "return add.delay(1, 2).get(timeout=10)",
        "result = add.apply_async((1, 2))\n    return result.get()",
        "return AsyncResult(task_id).get()",
        "return group(add.s(i, i) for i in range(3)).apply_async().join()",
        "with allow_join_result():\n        return 1",
        "return app.AsyncResult(task_id).get(disable_sync_subtasks=False)",
    ],
    ids=["delay-get", "assigned-get", "asyncresult", "group-join", "allow", "disable"],
)
def test_ctc701_waiting_for_a_task_inside_a_task(tmp_path, body):
    task = f"@app.task(shared=False)\ndef total(task_id):\n    {body}\n"
    module = load(tmp_path, f"{HEAD}\n\n{task}")
    found = findings(module.app)
    assert [f.rule for f in found] == ["CTC701"]
    assert found[0].path == module.__file__
    assert module.__file__.endswith(found[0].path.rsplit("/", 1)[-1])
    assert found[0].line > 10  # the line of the wait, not the file's first


def test_ctc701_gets_that_are_not_task_results_pass(tmp_path):
    module = load(
        tmp_path,
        HEAD
        + """

@app.task(shared=False)
def report(options, cache, task_id):
    limit = options.get("limit", 10)
    cached = cache.get(task_id)
    sent = add.delay(1, 2)  # sent, not waited for
    return {"limit": limit, "cached": cached, "id": sent.id}


@app.task(shared=False)
def chained():
    return (add.s(1, 2) | add.s(3)).delay().id
""",
    )
    assert findings(module.app) == []


ATOMIC = """
from contextlib import nullcontext

from celery import Celery


class transaction:  # Django's, as far as the rule reads it: by name
    atomic = staticmethod(lambda *args, **kwargs: nullcontext())
    on_commit = staticmethod(lambda function, **kwargs: function())


atomic = transaction.atomic

app = Celery("reader", broker="redis://localhost:6379/0", set_as_current=False)


@app.task(shared=False)
def send_receipt(order_id):
    return order_id
"""


@pytest.mark.parametrize(
    "code",
    [
        "def place(order):\n    with transaction.atomic():\n        order.save()\n"
        "        send_receipt.delay(order.id)",
        "@transaction.atomic\ndef place(order):\n    order.save()\n"
        "    send_receipt.apply_async((order.id,), countdown=5)",
        "def place(order):\n    with atomic(using='default'):\n        order.save()\n"
        "        app.send_task('reader.send_receipt', (order.id,))",
    ],
    ids=["with", "decorator", "from-import"],
)
def test_ctc702_sent_inside_a_transaction(tmp_path, code):
    module = load(tmp_path, f"{ATOMIC}\n\n{code}\n")
    found = findings(module.app)
    assert [f.rule for f in found] == ["CTC702"]
    assert found[0].line > 10


def test_ctc702_sent_on_commit_or_outside_passes(tmp_path):
    module = load(
        tmp_path,
        ATOMIC
        + """
from functools import partial


def place(order):
    with transaction.atomic():
        order.save()
        transaction.on_commit(lambda: send_receipt.delay(order.id))
        transaction.on_commit(partial(send_receipt.delay, order.id))
    send_receipt.delay(order.id)  # after the block: committed


def place_later(order):
    with transaction.atomic():
        order.save()
        send_receipt.delay_on_commit(order.id)  # Celery 5.4+ DjangoTask
""",
    )
    assert findings(module.app) == []
