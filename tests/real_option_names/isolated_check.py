"""Run the readers' check on snippet apps, each in a process of its own.

Celery registers every ``@app.task`` with every app finalized later in the same
process (shared tasks), so apps imported side by side see each other's tasks. A
reader's process holds one app: here each module is imported in a fresh fork
of a process that has imported nothing but Celery and Django.

Usage: ``python isolated_check.py`` with a JSON list of [folder, module] on
stdin; prints a JSON object {"folder/module": [[rule, item, line], ...] or
"error: ..."}.
"""

import importlib
import json
import os
import sys
import traceback
from pathlib import Path

import celery.beat  # noqa: F401  heavy imports made once, before the forks
import celery_tasks_checklist as check
import django
import kombu.transport.redis  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "snippets"


def findings(folder, module):
    if "." in module or (SNIPPETS / folder / "models.py").exists():
        loaded = importlib.import_module(f"snippets.{folder}.{module}")
    else:
        sys.path.insert(0, str(SNIPPETS / folder))
        loaded = importlib.import_module(module)
    return [[f.rule, f.item, str(f)] for f in check.check_app(loaded.app)]


def in_a_fork(folder, module):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            answer = findings(folder, module)
        except Exception:
            answer = "error: " + traceback.format_exc()
        with os.fdopen(write, "w") as out:
            json.dump(answer, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        text = answer.read()
    os.waitpid(pid, 0)
    return json.loads(text)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    django.setup()  # the Django snippets' settings: DJANGO_SETTINGS_MODULE
    wanted = json.load(sys.stdin)
    json.dump({f"{f}/{m}": in_a_fork(f, m) for f, m in wanted}, sys.stdout)
