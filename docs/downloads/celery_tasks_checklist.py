"""Checks a Celery app against the Celery Tasks Checklist.

One file, no dependency but Celery: install it (``pip install
celery-tasks-checklist``) or paste it alone into your project. Then:

- ``celery-checklist -A proj:app`` (or ``python -m celery_tasks_checklist -A
  proj:app``) prints one line per finding and exits 1 if there is any, 0 if
  there is none, 2 if the app does not load; ``--format json`` or ``sarif``
  for machines, ``-o FILE`` to write them to a file, ``--ignore
  RULE_OR_ITEM`` (comma-separated, repeatable) to skip rules or items.
- ``check_app(app)`` returns the findings: each has ``rule`` (a stable id such
  as ``CTC102``), ``item`` (the checklist item), ``message``, ``where`` and
  ``url`` (the page that explains it); ``str(finding)`` is one line.
- As a pytest plugin (installed: automatic; pasted: ``-p
  celery_tasks_checklist``), set the ini option ``celery_checklist_app =
  proj:app``: the app check becomes a test, and every task a test sends to a
  broker is checked as it is published.
- Silence a rule or an item the way Django silences system checks: the app
  setting ``checklist_silenced`` (``CELERY_CHECKLIST_SILENCED`` in Django's
  namespace) or the ini option ``celery_checklist_silenced``, a list of rule
  or item ids, each a decision your team made.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import difflib
import functools
import inspect
import json
import os
import re
import sys
import sysconfig
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone

from celery import Celery, Task
from celery.app import defaults
from celery.app.task import extract_exec_options
from celery.schedules import crontab, maybe_schedule

UTC = timezone.utc  # noqa: UP017  datetime.UTC is 3.11's; Celery 5.7 runs on 3.10

__version__ = "1.0.0"
SITE = "https://celerytaskschecklist.com/"
PAGES = {
    "real-option-names": "time-and-deploys/real-option-names/",
    "retry-transient-errors": "handling-failure/retry-transient-errors/",
    "time-limits": "handling-failure/time-limits/",
    "json-not-pickle": "handling-failure/json-not-pickle/",
    "short-countdowns": "time-and-deploys/short-countdowns/",
    "acks-late": "handling-failure/acks-late/",
    "periodic-tasks": "observability/periodic-tasks/",
    "expire-work": "time-and-deploys/expire-work/",
    "never-wait-inside-a-task": "calling-tasks/never-wait-inside-a-task/",
    "enqueue-after-commit": "calling-tasks/enqueue-after-commit/",
}
# The app setting that lists silenced rule or item ids. No Celery setting
# starts with "checklist_", so it cannot collide with one.
SILENCED_SETTING = "checklist_silenced"


@dataclass(frozen=True)
class Rule:
    id: str
    item: str
    title: str  # what it finds, one line
    scope: str  # "app": check_app; "call": a task sent, as the plugin sees it

    @property
    def url(self) -> str:
        return SITE + PAGES[self.item]


RULES = {
    rule.id: rule
    for rule in (
        Rule(
            "CTC101",
            "real-option-names",
            "a setting name Celery does not read (a typo, an old name mixed in, "
            "or a name outside the app's namespace)",
            "app",
        ),
        Rule(
            "CTC102",
            "real-option-names",
            "a task option no Celery task reads, spelt almost like a real one "
            "or a setting's name, in the decorator, `task_annotations` or a "
            "task class",
            "app",
        ),
        Rule(
            "CTC103",
            "retry-transient-errors",
            "`retry_backoff`, `retry_backoff_max`, `retry_jitter`, `retry_kwargs` "
            "or `dont_autoretry_for` without `autoretry_for`, which alone reads them",
            "app",
        ),
        Rule(
            "CTC104",
            "real-option-names",
            "a key in `retry_kwargs` that `Task.retry` and `apply_async` do not know",
            "app",
        ),
        Rule(
            "CTC105",
            "real-option-names",
            "a task sent with an option `apply_async` does not know",
            "call",
        ),
        Rule(
            "CTC201",
            "time-limits",
            "a soft time limit not below the hard one (task, settings or call)",
            "app",
        ),
        Rule(
            "CTC301",
            "json-not-pickle",
            "pickle as the task or result serializer, or in the accepted content",
            "app",
        ),
        Rule(
            "CTC302",
            "json-not-pickle",
            "a task that sets `serializer='pickle'` itself",
            "app",
        ),
        Rule(
            "CTC401",
            "short-countdowns",
            "on Redis, SQS or PGMQ: a retry wait not below the broker's "
            "visibility timeout, in a task that retries",
            "app",
        ),
        Rule(
            "CTC402",
            "acks-late",
            "on Redis, SQS or PGMQ: `acks_late` with a hard time limit not below "
            "the visibility timeout",
            "app",
        ),
        Rule(
            "CTC403",
            "short-countdowns",
            "on Redis, SQS or PGMQ: a task sent with a countdown or ETA not below "
            "the visibility timeout",
            "call",
        ),
        Rule(
            "CTC501",
            "periodic-tasks",
            "a beat entry that sends a task this app does not register",
            "app",
        ),
        Rule(
            "CTC502",
            "periodic-tasks",
            "a crontab whose minute is left at `*` while a coarser field is "
            "restricted: it runs every minute of those hours or days",
            "app",
        ),
        Rule(
            "CTC601",
            "expire-work",
            "a beat entry with no `expires`, neither in its options nor on its task",
            "app",
        ),
        Rule(
            "CTC701",
            "never-wait-inside-a-task",
            "a task that waits for another task's result (`.get()`, `.join()`, "
            "`allow_join_result`)",
            "app",
        ),
        Rule(
            "CTC702",
            "enqueue-after-commit",
            "in the tasks' modules: `.delay()` or `.apply_async()` inside "
            "`transaction.atomic()`, not through `transaction.on_commit`",
            "app",
        ),
    )
}


@dataclass(frozen=True)
class Finding:
    rule: str
    item: str
    message: str
    where: str  # a task, setting or beat entry; or file:line
    url: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.item}: {self.message} (see {self.url})"


def finding(rule, message, where, path=None, line=None) -> Finding:
    meta = RULES[rule]
    return Finding(rule, meta.item, message, where, meta.url, path, line)


# --- what Celery reads -----------------------------------------------------

PICKLE = {"pickle", "application/x-python-serialize"}
# Read by the autoretry wrapper only (celery/app/autoretry.py), never by Task.
AUTORETRY_OPTIONS = {
    "autoretry_for",
    "dont_autoretry_for",
    "retry_kwargs",
    "retry_backoff",
    "retry_backoff_max",
    "retry_jitter",
}
RETRY_TUNING = AUTORETRY_OPTIONS - {"autoretry_for"}
# Read by apply_async when the message is sent (Task._get_exec_options).
EXEC_OPTIONS = set(extract_exec_options(object()))
# What a published task message may carry as kombu properties.
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
# Brokers that redeliver a message held unacknowledged past a visibility
# timeout, and kombu's default for it in seconds.
VISIBILITY_TIMEOUTS = {"redis": 3600, "rediss": 3600, "sentinel": 3600}
VISIBILITY_TIMEOUTS |= {"sqs": 1800, "pgmq": 1800}
# Setting groups of Celery's own: an unknown name in one is meant for Celery.
CELERY_GROUPS = ("task_", "worker_", "broker_", "result_", "beat_", "event_")
OLD_PREFIXES = ("CELERY_", "CELERYD_", "CELERYBEAT_", "BROKER_", "CELERY_RESULT_")


def _parameters(*functions) -> set[str]:
    names = set()
    for function in functions:
        for name, parameter in inspect.signature(function).parameters.items():
            if parameter.kind not in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL):
                names.add(name)
    return names - {"self"}


def _call_options() -> set[str]:
    """Every option a call may pass: apply_async, send_task, the message
    builder, kombu's publish, Task.retry, and what a retry carries over."""
    from celery.app.amqp import AMQP
    from celery.app.task import Context
    from kombu import Producer

    known = _parameters(
        Task.apply_async, Celery.send_task, AMQP.as_task_v2, Producer.publish
    )
    known |= _parameters(Task.retry) - {"args", "kwargs", "exc", "throw"}
    known |= set(Context().as_execution_options()) | {"stamped_headers", "stamps"}
    return known | MESSAGE_PROPERTIES | EXEC_OPTIONS | {"queue", "exchange_type"}


CALL_OPTIONS = _call_options()
RETRY_KWARGS = CALL_OPTIONS | {"eta", "countdown", "max_retries", "exc", "throw"}


def _known_task_options() -> set[str]:
    from_config = {attribute for attribute, _ in Task.from_config}
    return set(dir(Task)) | EXEC_OPTIONS | AUTORETRY_OPTIONS | from_config


KNOWN_TASK_OPTIONS = _known_task_options()
# The options proper, no methods: what a task class's value may be a typo of.
# (getattr_static: Task.app, read plainly, binds Task to the current app.)
TASK_OPTION_NAMES = {
    name
    for name in KNOWN_TASK_OPTIONS
    if not name.startswith("_")
    and not callable(inspect.getattr_static(Task, name, None))
    and not isinstance(
        inspect.getattr_static(Task, name, None), (classmethod, staticmethod)
    )
}


def visibility_timeout(app) -> tuple[str, float] | None:
    """(transport, seconds) of the broker's redelivery timer, or None."""
    conf = app.conf
    url = conf.broker_url or ""
    if isinstance(url, (list, tuple)):  # failover: the first is used first
        url = url[0] if url else ""
    url = str(url).split(";")[0].strip()
    transport = conf.broker_transport
    if not transport and "://" in url:
        # kombu takes the part before "+" (redis+socket://, sqla+postgresql://)
        transport = url.split("://", 1)[0].split("+", 1)[0]
    transport = str(transport or "").lower()
    if transport not in VISIBILITY_TIMEOUTS:
        return None
    options = conf.broker_transport_options or {}
    seconds = options.get("visibility_timeout")
    if transport in ("sqs", "pgmq"):
        # None or "" means the default, and a string is read as a number:
        # kombu/transport/SQS/__init__.py:1376-1379, kombu/transport/pgmq.py:780-783
        if seconds is None or seconds == "":
            seconds = VISIBILITY_TIMEOUTS[transport]
        try:
            seconds = int(float(seconds))
        except (TypeError, ValueError):
            return None  # kombu fails on it: not the checker's to guess
    else:
        # Redis copies the option as given (kombu/transport/virtual/base.py:495)
        if "visibility_timeout" not in options:
            seconds = VISIBILITY_TIMEOUTS[transport]
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            return None
    return transport, seconds


# --- settings --------------------------------------------------------------


def _namespace_prefix(app) -> str:
    namespace = getattr(app, "namespace", None)
    return f"{namespace.rstrip('_')}_".upper() if namespace else ""


def _user_settings(app) -> set[str]:
    """The setting names the project gave: its changes and its config source,
    never Celery's defaults."""
    conf = app.conf
    names: set[str] = set()
    for mapping in conf.maps[:-1]:
        try:
            names |= {k for k in mapping.keys() if isinstance(k, str)}  # noqa: SIM118
        except Exception:  # a source that cannot list its keys
            continue
    return names - {"deprecated_settings"}


def _close(name: str, known, cutoff=0.8) -> str | None:
    return _closest(name, frozenset(known), cutoff)


@functools.lru_cache(maxsize=4096)
def _closest(name: str, known: frozenset, cutoff: float) -> str | None:
    matches = difflib.get_close_matches(name, sorted(known), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def _shares_two_words(name: str) -> bool:
    head = "_".join(name.split("_")[:2]) + "_"
    return head.count("_") == 2 and any(k.startswith(head) for k in defaults.DEFAULTS)


def _unknown_setting(name: str, prefix: str) -> str | None:
    """Why ``name`` is not a setting Celery reads; None when it is one, or when
    it does not look like Celery's (Django's, another library's, the project's)."""
    new, old = defaults.SETTING_KEYS, set(defaults._TO_NEW_KEY)
    if name in new or name in old:
        return None
    if name.isupper() and name.startswith(OLD_PREFIXES):
        match = _close(name, old, cutoff=0.85)
        if match and not (prefix and name.startswith(prefix)):
            today = defaults._TO_NEW_KEY[match]
            today = (prefix + today).upper() if prefix else today
            return f"did you mean {match} (today's name: {today})?"
    if prefix:
        if not name.startswith(prefix):
            return None
        bare = name[len(prefix) :].lower()

        def spell(key):
            return (prefix + key).upper()
    else:
        if not name.islower():
            return None
        bare = name

        def spell(key):
            return key

    if bare in new or bare == SILENCED_SETTING:
        return None
    for group in CELERY_GROUPS:
        if group + bare in new:  # CELERY_SOFT_TIME_LIMIT: task_soft_time_limit
            return f"the setting is {spell(group + bare)}"
    if bare.startswith(CELERY_GROUPS):
        match = _close(bare, new)
        if match:
            return f"did you mean {spell(match)}?"
        if _shares_two_words(bare):
            return "Celery has no setting of that name"
    return None


_MISSING = object()


def _given(app, name):
    for mapping in app.conf.maps[:-1]:
        try:
            return mapping[name]
        except (KeyError, AttributeError, TypeError):
            continue
    return _MISSING


def _changes(app) -> set:
    """The settings set on the app itself (app.conf.update, app.conf.x = ...)."""
    changes = getattr(app.conf, "changes", None) or {}
    try:
        return {k for k in changes.keys() if isinstance(k, str)}  # noqa: SIM118
    except Exception:
        return set()


def _not_read(app, name: str, prefix: str) -> str | None:
    """For a real setting name, old or new: why Celery does not read it here,
    asked of Celery itself (releases differ: 5.7 reads an old name under a
    namespace, 5.6 does not)."""
    old_to_new = defaults._TO_NEW_KEY
    if (
        prefix
        and name.startswith(prefix)
        and name[len(prefix) :].lower() in defaults.SETTING_KEYS
    ):
        # Today's name under the namespace: Celery reads it. A value set
        # again on the app (app.conf.update in celery.py or a conftest)
        # wins over it, and that is the project's choice.
        return None
    if name in old_to_new:
        key = old_to_new[name]
    else:
        return None
    if key in _changes(app):
        return None  # set again on the app, by its new name: the project's choice
    value = _given(app, name)
    try:
        read = app.conf[key]
    except KeyError:
        return None
    if value is _MISSING or read is value or read == value:
        return None
    new_name = (prefix + key).upper() if prefix else key
    return f"Celery reads {new_name} instead, and it is {read!r} here"


def setting_findings(app) -> list[Finding]:
    prefix = _namespace_prefix(app)
    found = []
    for name in sorted(_user_settings(app)):
        why = _unknown_setting(name, prefix) or _not_read(app, name, prefix)
        if why:
            found.append(
                finding(
                    "CTC101",
                    f"setting {name} is not one Celery reads, so it does nothing: "
                    f"{why}",
                    f"setting {name}",
                )
            )
    return found


# --- tasks -----------------------------------------------------------------


def _own_tasks(app):
    for name, task in sorted(app.tasks.items()):
        if not name.startswith("celery.") and isinstance(task, Task):
            yield task


def _function(task):
    """The function the task runs, unwrapped, for its source."""
    cls = type(task)
    run = cls.__dict__.get("run") or getattr(cls, "run", None)
    run = getattr(run, "__func__", run)
    try:
        return inspect.unwrap(run)
    except ValueError:
        return run


class _Sources:
    """Each module file parsed once per check: its functions by line, and the
    class each method is in. (inspect.getsource parses the whole file again
    for every class it is asked about.)"""

    def __init__(self):
        self.modules: dict[str, tuple] = {}

    def module(self, path):
        if path not in self.modules:
            try:
                with open(path, encoding="utf-8") as source:
                    tree = ast.parse(source.read(), path)
            except (OSError, SyntaxError, ValueError):
                tree = None
            functions, classes = {}, {}
            for node in ast.walk(tree) if tree is not None else ():
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    lines = [node.lineno] + [d.lineno for d in node.decorator_list]
                    for line in lines:
                        functions.setdefault(line, node)
                elif isinstance(node, ast.ClassDef):
                    for child in node.body:
                        classes[child] = node
            self.modules[path] = (tree, functions, classes)
        return self.modules[path]

    def locate(self, task):
        """(path, line, node) of what the task runs: the decorated function,
        or the task class that defines run(); Nones where there is no source."""
        function = _function(task)
        code = getattr(function, "__code__", None)
        path = getattr(code, "co_filename", None)
        if not path or not os.path.isfile(path):
            return None, None, None
        _, functions, classes = self.module(path)
        node = functions.get(code.co_firstlineno)
        if node is None:
            return path, code.co_firstlineno, None
        if _is_decorated(task):
            lines = [node.lineno] + [d.lineno for d in node.decorator_list]
            return path, min(lines), node
        owner = classes.get(node)
        if owner is None or owner.name != type(task).__name__:
            return None, None, None  # run() comes from a base class
        return path, owner.lineno, owner


def _is_decorated(task) -> bool:
    return bool(type(task).__dict__.get("_decorated"))


def _annotation_keys(app) -> dict[str, set[str]]:
    """{task name or '*': option names} from task_annotations dicts."""
    annotations = app.conf.task_annotations
    if annotations is None:
        return {}
    if isinstance(annotations, dict) or not isinstance(annotations, (list, tuple)):
        annotations = [annotations]
    keys: dict[str, set[str]] = {}
    for entry in annotations:
        if not isinstance(entry, dict):
            continue  # an object with annotate(task): it decides itself
        for task_name, options in entry.items():
            if isinstance(options, dict):
                keys.setdefault(task_name, set()).update(
                    k for k in options if not k.startswith("@")
                )
    return keys


# Names a reader gives for a real option, too far from it for difflib.
MISTAKEN_OPTIONS = {"retries": "max_retries"}
# Options of a call, never read from the task: given at the decorator, they
# are a mistake. (Not every call option: "type", "timeout" or "headers" may
# well be a project's own.)
CALL_ONLY = {"countdown", "eta", "link", "link_error"}


def mistaken_option(name: str) -> str | None:
    """The option a name that no Celery task reads was meant to be, or None.

    A project may read any name of its own (a custom base's ``__call__``
    reading ``self.lock_ttl``, a signal handler reading ``sender.audit``), so
    only a name close to a real option, or a setting or call option given
    where a task option goes, is reported."""
    if name in KNOWN_TASK_OPTIONS:
        return None
    if name in MISTAKEN_OPTIONS:
        return MISTAKEN_OPTIONS[name]
    if name in defaults.SETTING_KEYS:  # task_time_limit= at the decorator
        bare = name.removeprefix("task_")
        return bare if bare in TASK_OPTION_NAMES else f"the setting {name}"
    if name in CALL_ONLY:  # countdown=, eta= at the decorator
        return f"{name}= when the task is sent (apply_async)"
    return _close(name, TASK_OPTION_NAMES | AUTORETRY_OPTIONS, cutoff=0.8)


def unknown_options(task, annotated=frozenset()):
    """Options on the task that no Celery task reads and that look like a
    mistake: {name: what it was meant to be}."""
    cls = type(task)
    bases = cls.__mro__[1:]
    own = vars(cls)
    if _is_decorated(task):
        candidates = [n for n in own if not n.startswith("_")]
    else:
        # A task class: its own methods and attributes are the project's. Only
        # a plain value one edit away from a Celery option is a mistake.
        candidates = [
            n
            for n in own
            if not n.startswith("_")
            and n not in KNOWN_TASK_OPTIONS
            and not callable(own[n])
            and not isinstance(own[n], (property, staticmethod, classmethod))
            and _close(n, TASK_OPTION_NAMES, cutoff=0.85)
        ]
    names = sorted(
        name
        for name in candidates
        if name not in KNOWN_TASK_OPTIONS
        and name not in annotated
        and not any(name in vars(base) for base in bases)
    )
    hints = {name: mistaken_option(name) for name in names}
    return {name: hint for name, hint in hints.items() if hint}


def _ignored(option: str, hint: str) -> str:
    meant = hint if " " in hint else f"{hint!r}"
    return (
        f"{option!r} is not a Celery task option, so Celery ignores it: "
        f"did you mean {meant}?"
    )


def _has(task, name) -> bool:
    return bool(getattr(task, name, None))


def _set_on_task(task, name) -> bool:
    """Set on the task itself (decorator, annotation, its own class). A value
    it inherits from the project's base is a default its tasks opt in to with
    autoretry_for, not a mistake of each task."""
    return name in vars(type(task))


def _retry_calls(tree) -> list[ast.Call]:
    """The task's own retry() calls: self.retry(), <task>.retry(),
    current_task.retry(); not another library's retry()."""
    own = {"self", "current_task", getattr(tree, "name", None)}
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "retry"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in own
    ]


_ARITHMETIC = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.FloorDiv: lambda a, b: a // b,
}


def _value(node):
    """A constant, or arithmetic on numbers (``4 * 3600``); else "unknown"."""
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        left, right = _value(node.left), _value(node.right)
        if isinstance(left, (int, float)) and isinstance(right, (int, float)):
            try:
                return _ARITHMETIC[type(node.op)](left, right)
            except ZeroDivisionError:
                return "unknown"
        return "unknown"
    try:
        return ast.literal_eval(node)
    except ValueError:
        return "unknown"


def _literal_keyword(call: ast.Call, name: str):
    """The value given as ``name=`` in ``call``: None if not given."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return _value(keyword.value)
    return None


def _longest_backoff(task, kwargs) -> int | None:
    """The longest autoretry backoff wait: min(retry_backoff_max, factor *
    2 ** retries) for retries up to max_retries - 1 (celery/app/autoretry.py:
    21-27 and 48-55, celery/utils/time.py:551); unbounded retries reach the
    cap. None when it cannot be told."""
    try:
        factor = int(max(1.0, float(task.retry_backoff)))
        cap = int(getattr(task, "retry_backoff_max", 600))
    except (TypeError, ValueError):
        return None
    # retry_kwargs go to Task.retry, whose max_retries wins over the task's
    max_retries = kwargs.get("max_retries", task.max_retries)
    if max_retries is None:
        return cap
    if not isinstance(max_retries, int) or max_retries < 1:
        return None
    return min(cap, factor * 2 ** min(max_retries - 1, 64))


def _retry_waits(task, tree) -> dict[str, float]:
    """The longest wait before a retry, by where it comes from, for a task
    that retries; {} for a task that never retries."""
    waits: dict[str, float] = {}
    if _has(task, "autoretry_for"):
        kwargs = getattr(task, "retry_kwargs", None) or {}
        if getattr(task, "retry_backoff", False):
            wait = _longest_backoff(task, kwargs)
            if wait is not None:
                waits["retry_backoff"] = wait
        elif isinstance(kwargs.get("countdown"), (int, float)):
            waits["retry_kwargs countdown"] = kwargs["countdown"]
        else:
            waits["default_retry_delay"] = task.default_retry_delay
    for call in _retry_calls(tree) if tree is not None else ():
        countdown = _literal_keyword(call, "countdown")
        if isinstance(countdown, (int, float)):
            waits["self.retry countdown"] = max(
                countdown, waits.get("self.retry countdown", 0)
            )
        elif countdown is None and _literal_keyword(call, "eta") is None:
            waits["default_retry_delay"] = task.default_retry_delay
    return {k: v for k, v in waits.items() if v}


_INSTALLED = tuple(
    os.path.realpath(sysconfig.get_paths()[key]) + os.sep
    for key in ("purelib", "platlib")
)


def _in_site_packages(path) -> bool:
    return not path or os.path.realpath(path).startswith(_INSTALLED)


def task_findings(app, task, timeout, annotated, sources=None) -> list[Finding]:
    conf = app.conf
    name = task.name
    path, line, tree = (sources or _Sources()).locate(task)
    where = f"task {name}"
    found = []

    def add(rule, message, at_line=None):
        found.append(finding(rule, f"{name}: {message}", where, path, at_line or line))

    for option, hint in unknown_options(task, annotated).items():
        add("CTC102", _ignored(option, hint))
    if not _has(task, "autoretry_for"):
        tuned = sorted(o for o in RETRY_TUNING if _set_on_task(task, o))
        if tuned:
            add(
                "CTC103",
                f"{', '.join(tuned)} without autoretry_for: only autoretry reads "
                "them, so they do nothing",
            )
    retry_kwargs = getattr(task, "retry_kwargs", None)
    if isinstance(retry_kwargs, dict):
        for key in sorted(set(retry_kwargs) - RETRY_KWARGS):
            add(
                "CTC104",
                f"retry_kwargs key {key!r} is not an option of retry() or "
                "apply_async, so it does nothing",
            )
    soft = task.soft_time_limit or conf.task_soft_time_limit
    hard = task.time_limit or conf.task_time_limit
    # Celery 5.7 copies the settings onto each task (Task.from_config): a pair
    # equal to the settings' is reported once, as a setting.
    from_settings = (soft, hard) == (conf.task_soft_time_limit, conf.task_time_limit)
    if soft and hard and soft >= hard and not from_settings:
        add(
            "CTC201",
            f"soft time limit {soft} s is not below the hard limit {hard} s: the "
            "soft limit must fire first",
        )
    if task.serializer in PICKLE and task.serializer != conf.task_serializer:
        add("CTC302", f"serializer is {task.serializer!r}: use JSON and pass IDs")
    if timeout is not None:
        transport, seconds = timeout
        for origin, wait in _retry_waits(task, tree).items():
            if wait >= seconds:
                add(
                    "CTC401",
                    f"{origin} {wait} s is not below the {transport} broker's "
                    f"visibility_timeout {seconds} s, so the retry can run twice",
                )
        # The worker reads task.acks_late, which Task.from_config fills from
        # task_acks_late only when the task leaves it None
        # (celery/app/task.py:479-481): an explicit False stays False.
        acks_late = task.acks_late
        if acks_late is None:
            acks_late = conf.task_acks_late
        if acks_late and hard and hard >= seconds:
            add(
                "CTC402",
                f"acks_late with time_limit {hard} s, not below the {transport} "
                f"broker's visibility_timeout {seconds} s: a long run is "
                "delivered again",
            )
    if tree is not None and not _in_site_packages(path):
        for node, what in waits_in(tree):
            add(
                "CTC701",
                f"{what}: a task that waits for another task holds a worker "
                "and can deadlock the pool",
                node.lineno,
            )
    return found


ENQUEUE = {"delay", "apply_async", "send_task"}
WAIT = {"get", "join", "join_native", "wait", "collect"}


def _is_enqueue(node) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr in ENQUEUE | {"AsyncResult", "GroupResult"}
    return isinstance(func, ast.Name) and func.id in {"AsyncResult", "GroupResult"}


def waits_in(tree):
    """(node, description) of each wait for a task result in ``tree``."""
    # Every binding of a name, where it ends, and whether it binds a result:
    # a .get() on a name is a wait when the name's last binding before it is
    # an enqueue (result = x.delay(); result = json.loads(...) is no wait).
    bindings: dict[str, list[tuple[tuple[int, int], bool]]] = {}
    for node in ast.walk(tree):
        targets, value = (), None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            targets, value = [node.target], getattr(node, "value", None)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            targets = [node.target]
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            targets = [node.optional_vars]
        enqueue = _is_enqueue(value) and not isinstance(node, ast.AugAssign)
        # An assignment binds once its value is computed: at its end. A loop,
        # a comprehension or a with binds at its target.
        whole = isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign))
        for target in targets:
            at = node if whole or isinstance(node, ast.NamedExpr) else target
            end = (at.end_lineno, at.end_col_offset)
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    bindings.setdefault(name.id, []).append((end, enqueue))

    def is_result(name, at):
        before = [b for b in bindings.get(name, ()) if b[0] <= at]
        return bool(before) and max(before)[1]

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if node.func.attr in WAIT and (
                _is_enqueue(receiver)
                or (
                    isinstance(receiver, ast.Name)
                    and is_result(receiver.id, (node.lineno, node.col_offset))
                )
            ):
                yield node, f".{node.func.attr}() on a task's result"
            elif (
                node.func.attr == "get"
                and _literal_keyword(node, "disable_sync_subtasks") is False
            ):
                yield node, ".get(disable_sync_subtasks=False)"
        name = (
            node.id
            if isinstance(node, ast.Name)
            else node.attr
            if isinstance(node, ast.Attribute)
            else None
        )
        if name == "allow_join_result":
            yield node, "allow_join_result()"


def _is_atomic(node) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr == "atomic"
    return isinstance(target, ast.Name) and target.id == "atomic"


def enqueues_in_atomic(tree):
    """Each .delay()/.apply_async()/.send_task() inside transaction.atomic()
    (a with block or a decorated function) not wrapped by on_commit."""
    found = []

    def visit(node, atomic, committed):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            atomic = any(_is_atomic(d) for d in node.decorator_list)
            committed = False
        elif isinstance(node, ast.Lambda):
            # Its body runs when it is called (on_commit(send), later), not
            # where it is written: when in doubt, no finding.
            atomic = committed = False
        elif isinstance(node, (ast.With, ast.AsyncWith)) and any(
            _is_atomic(item.context_expr) for item in node.items
        ):
            atomic = True
        elif isinstance(node, ast.Call):
            func = node.func
            called = (
                func.attr
                if isinstance(func, ast.Attribute)
                else getattr(func, "id", None)
            )
            if called == "on_commit":
                committed = True
            elif atomic and not committed and called in ENQUEUE:
                found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child, atomic, committed)

    visit(tree, False, False)
    return found


def module_findings(paths, sources=None) -> list[Finding]:
    sources = sources or _Sources()
    found = []
    for path in sorted(paths):
        tree = None if _in_site_packages(path) else sources.module(path)[0]
        if tree is None:
            continue
        for node in enqueues_in_atomic(tree):
            where = f"{_display_path(path)}:{node.lineno}"
            found.append(
                finding(
                    "CTC702",
                    f"{where}: a task sent inside transaction.atomic() can run "
                    "before the commit, or after a rollback: send it from "
                    "transaction.on_commit",
                    where,
                    path,
                    node.lineno,
                )
            )
    return found


# --- app-wide settings and beat ---------------------------------------------


def serializer_findings(app) -> list[Finding]:
    conf = app.conf
    found = []
    for setting in ("task_serializer", "result_serializer"):
        if conf[setting] in PICKLE:
            found.append(
                finding(
                    "CTC301", f"{setting} is {conf[setting]!r}", f"setting {setting}"
                )
            )
    for setting in ("accept_content", "result_accept_content"):
        if PICKLE & set(conf[setting] or ()):
            found.append(
                finding("CTC301", f"{setting} accepts pickle", f"setting {setting}")
            )
    return found


def limit_settings_findings(app) -> list[Finding]:
    soft, hard = app.conf.task_soft_time_limit, app.conf.task_time_limit
    if soft and hard and soft >= hard:
        return [
            finding(
                "CTC201",
                f"task_soft_time_limit {soft} s is not below task_time_limit "
                f"{hard} s: the soft limit must fire first",
                "setting task_soft_time_limit",
            )
        ]
    return []


def _every_minute_of(schedule) -> str | None:
    """What a crontab with its minute left at '*' runs every minute of."""
    if not isinstance(schedule, crontab) or len(schedule.minute) < 60:
        return None
    if str(getattr(schedule, "_orig_minute", "*")).strip() != "*":
        return None  # minute="*/1" or "0-59": every minute, and said so
    restricted = [
        field
        for field, size in (
            ("hour", 24),
            ("day_of_week", 7),
            ("day_of_month", 31),
            ("month_of_year", 12),
        )
        if len(getattr(schedule, field)) < size
    ]
    return ", ".join(restricted) or None


def _explicit_every_minute(app, sources) -> list[dict]:
    """The other fields of each crontab(...) in the project's files that
    gives minute='*' itself: crontab keeps no trace of it (its default is the
    same '*', celery/schedules.py), so the source tells."""
    fields = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")
    calls = []
    sources = sources or _Sources()
    for path in _app_files(app, sources):
        tree = sources.module(path)[0]
        for node in ast.walk(tree) if tree is not None else ():
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else getattr(func, "id", "")
            )
            if name != "crontab":
                continue
            given = dict(zip(fields, node.args, strict=False))
            given |= {k.arg: k.value for k in node.keywords if k.arg in fields}
            if "minute" in given and _value(given["minute"]) == "*":
                calls.append({f: _value(given[f]) for f in fields[1:] if f in given})
    return calls


def _said_every_minute(schedule, explicit) -> bool:
    for call in explicit:
        if all(
            value == "unknown"
            or str(value) == str(getattr(schedule, f"_orig_{field}", None))
            for field, value in call.items()
        ):
            return True
    return False


def beat_findings(app, sources=None) -> list[Finding]:
    found = []
    explicit = None
    for name, entry in (app.conf.beat_schedule or {}).items():
        where = f"beat entry {name!r}"
        task_name = entry.get("task")
        task = app.tasks.get(task_name)
        if task is None:
            found.append(
                finding(
                    "CTC501",
                    f"beat entry {name!r} sends {task_name!r}, a task this app "
                    "does not register",
                    where,
                )
            )
        try:
            schedule = maybe_schedule(entry.get("schedule"), app=app)
        except Exception:  # beat itself will say
            schedule = None
        fields = _every_minute_of(schedule)
        if fields and explicit is None:
            explicit = _explicit_every_minute(app, sources)
        if fields and _said_every_minute(schedule, explicit):
            fields = None  # crontab(minute="*", hour="9-17"): meant, and said
        if fields:
            found.append(
                finding(
                    "CTC502",
                    f"beat entry {name!r}: crontab minute is '*' while {fields} "
                    "is restricted, so it runs every minute of that time; give the "
                    "minute (or minute='*/1' if every minute is meant)",
                    where,
                )
            )
        options = entry.get("options") or {}
        if "expires" not in options and not getattr(task, "expires", None):
            found.append(
                finding(
                    "CTC601",
                    f"beat entry {name!r} has no 'expires' in its options, and "
                    "its task sets none",
                    where,
                )
            )
    return found


def _ids(values) -> set[str]:
    """Rule or item ids from a list, a string, or both with commas."""
    if isinstance(values, str):
        values = [values]
    return {i for v in values or () for i in str(v).replace(",", " ").split()}


def known_ids(ids, where: str) -> set[str]:
    """``ids``, once each is a rule or an item: an unknown id (CTC999, a
    typo) would silence nothing, and silently."""
    unknown = sorted(set(ids) - set(RULES) - set(PAGES))
    if unknown:
        raise UsageError(
            f"unknown rule or item id {unknown[0]!r} in {where}: the rules are "
            f"{', '.join(RULES)}, the items {', '.join(PAGES)}"
        )
    return set(ids)


def silenced(app, extra=()) -> set[str]:
    value = known_ids(_ids(app.conf.get(SILENCED_SETTING)), SILENCED_SETTING)
    return value | known_ids(_ids(extra), "the ids to ignore")


def check_app(app, ignore=()) -> list[Finding]:
    """Every finding for ``app``; an empty list means none. ``ignore`` (and
    the app setting ``checklist_silenced``) lists rule or item ids to skip."""
    # What a worker imports when it starts: include, imports, autodiscovery.
    app.loader.import_default_modules()
    timeout = visibility_timeout(app)
    annotations = _annotation_keys(app)
    found = setting_findings(app)
    sources = _Sources()
    for task in _own_tasks(app):
        annotated = annotations.get("*", set()) | annotations.get(task.name, set())
        found += task_findings(app, task, timeout, annotated, sources)
    found += annotation_findings(annotations)
    found += limit_settings_findings(app)
    found += serializer_findings(app)
    found += beat_findings(app, sources)
    found += module_findings(
        [path for path, (tree, _, _) in sources.modules.items() if tree], sources
    )
    skip = silenced(app, ignore)
    found = [f for f in found if f.rule not in skip and f.item not in skip]
    return _placed(found, app, sources)


def _app_files(app, sources) -> list[str]:
    """The project's files that configure the app: its settings source, the
    modules that hold the app, the tasks' modules."""
    files = []
    source = getattr(app, "_config_source", None)
    if isinstance(source, str):
        name = source.partition(":")[0]
        if name == "django.conf":
            name = os.environ.get("DJANGO_SETTINGS_MODULE", "")
        files.append(getattr(sys.modules.get(name), "__file__", None))
    elif source is not None:
        holder = source if inspect.ismodule(source) or inspect.isclass(source) else None
        with contextlib.suppress(TypeError):
            files.append(inspect.getsourcefile(holder or type(source)))
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if isinstance(namespace, dict) and any(
            value is app for value in list(namespace.values())
        ):
            files.append(getattr(module, "__file__", None))
    files += list(sources.modules)
    unique = dict.fromkeys(
        f for f in files if f and os.path.isfile(f) and not _in_site_packages(f)
    )
    return list(unique)


def _tokens(finding_: Finding, prefix: str) -> list[str]:
    where = finding_.where
    if where.startswith("setting "):
        name = where.removeprefix("setting ").split("[", 1)[0]
        return [name, (prefix + name).upper()] if prefix else [name]
    if where.startswith("beat entry "):
        entry = where.removeprefix("beat entry ")
        return [entry, '"' + entry[1:-1] + '"']
    return []


def _placed(found, app, sources) -> list[Finding]:
    """Findings without a file get the first line of the project's files that
    names their setting or beat entry, when one does."""
    if all(f.path for f in found):
        return found
    files = _app_files(app, sources)
    texts = {}
    for path in files:
        try:
            with open(path, encoding="utf-8") as source:
                texts[path] = source.read().splitlines()
        except (OSError, UnicodeDecodeError):
            continue
    prefix = _namespace_prefix(app)
    placed = []
    for f in found:
        spot = None
        for token in _tokens(f, prefix) if not f.path else ():
            word = re.compile(rf"(?<![\w]){re.escape(token)}(?![\w])")
            spot = next(
                (
                    (path, number)
                    for path, lines in texts.items()
                    for number, line in enumerate(lines, 1)
                    if word.search(line)
                ),
                None,
            )
            if spot:
                break
        placed.append(replace(f, path=spot[0], line=spot[1]) if spot else f)
    return placed


def annotation_findings(annotations) -> list[Finding]:
    found = []
    for task_name, keys in sorted(annotations.items()):
        for key in sorted(keys - KNOWN_TASK_OPTIONS):
            hint = mistaken_option(key)
            if not hint:
                continue  # a name of the project's own, read by its code
            found.append(
                finding(
                    "CTC102",
                    f"task_annotations[{task_name!r}]: {_ignored(key, hint)}",
                    f"setting task_annotations[{task_name!r}]",
                )
            )
    return found


# --- calls, as the plugin sees them ------------------------------------------


def call_findings(task_name, headers, properties, app=None) -> list[Finding]:
    """Findings for one published task message (before_task_publish)."""
    where = f"call of {task_name}"
    found = [
        finding(
            "CTC105",
            f"{task_name} was sent with {name!r}, not an option of apply_async",
            where,
        )
        for name in sorted(set(properties) - CALL_OPTIONS)
    ]
    hard, soft = headers.get("timelimit") or (None, None)
    if soft and hard and soft >= hard:
        found.append(
            finding(
                "CTC201",
                f"{task_name} was sent with soft time limit {soft} s, not below "
                f"its hard limit {hard} s: the hard limit waits for the soft one",
                where,
            )
        )
    timeout = visibility_timeout(app) if app is not None else None
    eta = headers.get("eta")
    if timeout and eta:
        transport, seconds = timeout
        try:
            due = datetime.fromisoformat(str(eta))
        except ValueError:
            due = None
        if due is not None:
            if due.tzinfo is None:
                due = due.replace(tzinfo=UTC)
            ahead = (due - datetime.now(UTC)).total_seconds()
            if ahead >= seconds:
                found.append(
                    finding(
                        "CTC403",
                        f"{task_name} was sent to run in {ahead:.0f} s, not below "
                        f"the {transport} broker's visibility_timeout {seconds} s: "
                        "the waiting message is delivered again",
                        where,
                    )
                )
    return found


# --- the command -----------------------------------------------------------


class UsageError(Exception):
    pass


def _one_line(exc: BaseException) -> str:
    """``Type: message`` on one line, for an error the reader's code raised."""
    if isinstance(exc, SystemExit):
        text = "" if exc.code is None or isinstance(exc.code, int) else exc.code
        text = str(text) or f"exit status {exc.code or 0}"
    else:
        text = str(exc)
    return " ".join(f"{type(exc).__name__}: {text}".split())


def load_app(spec: str):
    """The app named as ``celery -A`` names it: ``proj``, ``proj.celery`` or
    ``proj:app``."""
    from celery.app.utils import find_app

    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        app = find_app(spec)
    except (Exception, SystemExit) as exc:  # sys.exit("...") in settings too
        module, _, attribute = spec.partition(":")
        if (
            isinstance(exc, ModuleNotFoundError)
            and exc.name == spec
            and attribute
            and module in sys.modules
        ):
            # find_app imports "proj:nosuch" as a module once the attribute
            # is missing (celery/app/utils.py:527-531): say what is missing.
            raise UsageError(
                f"cannot load the app {spec!r}: module {module!r} has no "
                f"attribute {attribute!r}"
            ) from None
        raise UsageError(f"cannot load the app {spec!r}: {_one_line(exc)}") from None
    if not isinstance(app, Celery):
        raise UsageError(f"{spec!r} is not a Celery app but {type(app).__name__}")
    return app


def _display_path(path: str) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def as_text(findings) -> str:
    lines = []
    for f in findings:
        at = f"{_display_path(f.path)}:{f.line}: " if f.path and f.line else ""
        lines.append(f"{at}{f.rule} {f}")
    return "\n".join(lines)


def as_json(findings) -> str:
    return json.dumps([asdict(f) for f in findings], indent=2)


def as_sarif(findings, fallback_path=None) -> str:
    """SARIF 2.1.0 as GitHub code scanning reads it: every result has a
    location, so a finding without a file points at the app's module."""
    rules = list(RULES.values())
    index = {rule.id: number for number, rule in enumerate(rules)}
    results = []
    for f in findings:
        path, line = f.path, f.line
        if not path or _display_path(path) == path:
            path, line = fallback_path, 1
        result = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": "warning",
            "message": {"text": f"{f.message} (see {f.url})"},
        }
        if path and _display_path(path) != path:
            result["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": _display_path(path).replace(os.sep, "/"),
                            "uriBaseId": "%SRCROOT%",
                        },
                        "region": {"startLine": line or 1},
                    }
                }
            ]
        result["partialFingerprints"] = {"ctcWhere/v1": f"{f.rule}:{f.where}"}
        results.append(result)
    driver = {
        "name": "celery-tasks-checklist",
        "version": __version__,
        "informationUri": SITE + "check-your-project/",
        "rules": [
            {
                "id": rule.id,
                "name": rule.item,
                "shortDescription": {"text": rule.title.replace("`", "")},
                "helpUri": rule.url,
                "help": {"text": f"{rule.title.replace('`', '')}: see {rule.url}"},
                "defaultConfiguration": {"level": "warning"},
            }
            for rule in rules
        ],
    }
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(sarif, indent=2)


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def main(argv=None) -> int:
    parser = _Parser(
        prog="celery-checklist",
        description="Check a Celery app against the Celery Tasks Checklist.",
    )
    parser.add_argument(
        "-A", "--app", required=True, help="proj, proj.celery or proj:app"
    )
    parser.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the findings to FILE, not to stdout (which the app's own "
        "prints and logging may share)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULE_OR_ITEM",
        help="rules (CTC102) or items (real-option-names) to skip, comma-separated; "
        "repeatable",
    )
    parser.add_argument("--version", action="version", version=__version__)
    try:
        args = parser.parse_args(argv)
        ignore = known_ids(_ids(args.ignore), "--ignore")
        app = load_app(args.app)
        try:
            found = check_app(app, ignore=ignore)
        except UsageError:
            raise
        except (Exception, SystemExit) as exc:  #  e.g. autodiscovery failing
            raise UsageError(
                f"cannot check the app {args.app!r}: {_one_line(exc)}"
            ) from None
    except UsageError as error:
        print(f"celery-checklist: error: {error}", file=sys.stderr)
        return 2
    if args.format == "json":
        report = as_json(found)
    elif args.format == "sarif":
        module = sys.modules.get(args.app.partition(":")[0])
        report = as_sarif(found, getattr(module, "__file__", None))
    else:
        report = as_text(found)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(report + "\n" if report else "")
    elif report:
        try:
            print(report, flush=True)
        except BrokenPipeError:
            # The reader stopped reading (`| head`): not an error. Python's
            # recipe (the signal module's docs): stdout to devnull, so that the
            # interpreter's own flush at exit has nothing to fail on.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1 if found else 0


# --- the pytest plugin -----------------------------------------------------


def pytest_addoption(parser):
    parser.addini(
        "celery_checklist_app",
        "the Celery app to check, as celery -A names it (proj:app)",
        default="",
    )
    parser.addini(
        "celery_checklist_silenced",
        "rule or item ids the check skips, each a decision the team made",
        type="args",
        default=[],
    )


def pytest_configure(config):
    spec = config.getini("celery_checklist_app")
    if spec:
        config.pluginmanager.register(
            _pytest_plugin(config, spec, config.getini("celery_checklist_silenced")),
            "celery_tasks_checklist_active",
        )


def _pytest_plugin(config, spec, silenced_ids):
    """The active plugin: imported only when pytest runs and an app is named."""
    import pytest
    from celery.signals import before_task_publish

    class ChecklistItem(pytest.Item):
        def runtest(self):
            found = check_app(load_app(spec), ignore=silenced_ids)
            if found:
                raise ChecklistFailed(found)

        def repr_failure(self, excinfo):
            if isinstance(excinfo.value, ChecklistFailed):
                return as_text(excinfo.value.args[0])
            if isinstance(excinfo.value, UsageError):
                return str(excinfo.value)
            return super().repr_failure(excinfo)

        def reportinfo(self):
            return self.path, None, f"celery-checklist -A {spec}"

    class Plugin:
        def __init__(self):
            self.sent: list[Finding] = []
            self.app = None
            before_task_publish.connect(self.record, weak=False)

        def record(self, sender=None, headers=None, properties=None, **_):
            if self.app is None:
                try:
                    self.app = load_app(spec)
                except UsageError:
                    self.app = False
            found = call_findings(
                sender, headers or {}, properties or {}, self.app or None
            )
            skip = _ids(silenced_ids)
            self.sent += [f for f in found if not {f.rule, f.item} & skip]

        @pytest.hookimpl(tryfirst=True)
        def pytest_collection_modifyitems(self, session, config, items):
            items.insert(0, ChecklistItem.from_parent(session, name="celery_checklist"))

        @pytest.hookimpl(wrapper=True)
        def pytest_runtest_setup(self, item):
            self.sent = []
            return (yield)

        @pytest.hookimpl(wrapper=True)
        def pytest_runtest_teardown(self, item, nextitem):
            result = yield
            found, self.sent = self.sent, []
            if found:
                message = "the tasks this test sent:\n" + as_text(found)
                pytest.fail(message, pytrace=False)
            return result

        def pytest_unconfigure(self, config):
            before_task_publish.disconnect(self.record)

    return Plugin()


class ChecklistFailed(Exception):
    pass


if __name__ == "__main__":
    sys.exit(main())
