"""Helpers for the quorum-queue tests: plain AMQP connections to a test virtual
host, and the page's RabbitMQ policy run against one."""

from __future__ import annotations

import json
import shlex
import subprocess
import time
from contextlib import closing, contextmanager
from urllib.parse import unquote, urlparse

import amqp
import pytest

from tests.support.snippets import snippet_folder

POLICY = snippet_folder("quorum_queues") / "delivery_limit.sh"


def vhost_of(url: str) -> str:
    return unquote(urlparse(url).path[1:])


@contextmanager
def amqp_channel(url: str, **options):
    """A py-amqp channel on ``url``'s virtual host (``confirm_publish=True``
    to have each publish confirmed)."""
    parts = urlparse(url)
    connection = amqp.Connection(
        f"{parts.hostname}:{parts.port}",
        userid=parts.username,
        password=parts.password,
        virtual_host=vhost_of(url),
        **options,
    )
    connection.connect()
    with closing(connection):
        yield connection.channel()


def policy_command(vhost: str, limit: int | None = None) -> list[str]:
    """The page's ``rabbitmqctl set_policy`` line, for ``vhost`` instead of
    ``/`` (and ``limit`` in place of the page's, when given)."""
    (line,) = [
        line for line in POLICY.read_text().splitlines()
        if line and not line.startswith("#")
    ]  # fmt: skip
    words = shlex.split(line)
    assert words[:3] == ["rabbitmqctl", "set_policy", "-p"]
    words[3] = vhost
    if limit is not None:
        definition = json.loads(words[-1])
        assert set(definition) == {"delivery-limit"}
        words[-1] = json.dumps({**definition, "delivery-limit": limit})
        assert json.loads(words[-1]) == {"delivery-limit": limit}
    return words


@pytest.fixture(scope="session")
def rabbitmqctl(rabbitmq_server):
    """``rabbitmqctl(*words)``: run a command as written on the page, against
    the test server (``words[0]`` is ``rabbitmqctl``)."""

    def run(*words: str) -> str:
        assert words[0] == "rabbitmqctl"
        done = subprocess.run(
            [rabbitmq_server.rabbit_ctl, *words[1:]],
            env=rabbitmq_server._popen_kwargs["env"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run


def messages_in(rabbitmqctl, vhost: str, queue: str = "celery") -> int:
    """Ready and unacknowledged messages of ``queue``, as RabbitMQ counts them."""
    out = rabbitmqctl("rabbitmqctl", "list_queues", "-p", vhost, "name", "messages")
    rows = dict(line.split("\t") for line in out.splitlines()[1:] if "\t" in line)
    return int(rows[queue])


def wait_until(condition, what: str, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)
