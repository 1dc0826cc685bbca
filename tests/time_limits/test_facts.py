"""What the time-limits page says about Celery's options, checked."""

import inspect

from celery import Celery
from celery.bin.worker import worker as worker_command
from celery.contrib.testing.worker import start_worker


def test_the_worker_command_takes_both_limits():
    options = {opt for param in worker_command.params for opt in param.opts}
    assert {"--time-limit", "--soft-time-limit"} <= options


def test_the_app_wide_defaults_are_settings_with_no_limit():
    app = Celery("defaults", set_as_current=False)
    assert app.conf.task_time_limit is None
    assert app.conf.task_soft_time_limit is None


def test_setting_names_in_the_decorator_are_accepted_and_do_nothing():
    app = Celery("decorated", set_as_current=False)

    @app.task(task_time_limit=60, task_soft_time_limit=50)
    def report():
        return "done"

    assert report.time_limit is None
    assert report.soft_time_limit is None


def test_the_in_process_test_worker_uses_the_solo_pool():
    assert inspect.signature(start_worker).parameters["pool"].default == "solo"
