import pytest

from tests.support.snippets import snippet

tasks = snippet("custom_base_task")


@pytest.fixture
def messages(eager, messages_of):
    eager(tasks.app, task_eager_propagates=False)
    messages_of(tasks.logger)
    messages_of(tasks.alerts)
    return lambda: messages_of(tasks.logger)


def test_every_task_of_the_app_has_the_hooks():
    assert isinstance(tasks.ship, tasks.LoggedTask)


def test_success_is_reported_by_the_base_class(messages, messages_of):
    result = tasks.ship.apply((7,), task_id="t-1")
    assert result.get() == "order 7 shipped"
    assert messages() == [
        f"{tasks.ship.name}[t-1] succeeded: 'order 7 shipped'",
        f"{tasks.ship.name}[t-1] ended with SUCCESS",
    ]
    assert messages_of(tasks.alerts) == []


def test_failure_is_reported_by_the_base_class(messages, messages_of):
    tasks.ship.apply((-1,), task_id="t-2")
    assert messages_of(tasks.alerts) == [
        f"{tasks.ship.name}[t-2] failed: ValueError('no order -1'), args [-1]",
    ]
    assert messages() == [f"{tasks.ship.name}[t-2] ended with FAILURE"]


def test_retries_are_reported_too(messages):
    @tasks.app.task(bind=True, max_retries=1, default_retry_delay=0, shared=False)
    def flaky(self):
        if self.request.retries == 0:
            raise self.retry(exc=ConnectionError("try again"))
        return "done"

    assert flaky.apply(task_id="t-3").get() == "done"
    assert f"{flaky.name}[t-3] will retry: ConnectionError('try again')" in messages()
