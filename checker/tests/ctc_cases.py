"""Helpers: an app as a reader has it, with only its own tasks."""

import sys
import tempfile
from pathlib import Path

import celery_tasks_checklist as ctc
from celery import Celery

HERE = Path(__file__).resolve().parent
TMP = Path(tempfile.gettempdir()).resolve()


def _mine(task) -> bool:
    module = sys.modules.get(type(task).__module__)
    path = Path(getattr(module, "__file__", "") or "/").resolve()
    return HERE in path.parents or TMP in path.parents


def own_tasks_only(app):
    """Celery gives every shared task of the process to each new app; a
    reader's app has only its own."""
    for name, task in list(app.tasks.items()):
        if not name.startswith("celery.") and not _mine(task):
            del app.tasks[name]
    return app


def app_on(broker="redis://localhost:6379/0", **settings):
    app = Celery("reader", broker=broker, set_as_current=False)
    app.conf.update(settings)
    return app


def findings(app, **kwargs):
    return ctc.check_app(own_tasks_only(app), **kwargs)


def rules(app, **kwargs):
    return [f.rule for f in findings(app, **kwargs)]


_loaded = 0


def load(folder, source, name="tasks"):
    """``source`` as a module file in ``folder``, imported under a fresh name."""
    import importlib.util
    import textwrap

    global _loaded
    _loaded += 1
    path = folder / f"{name}_{_loaded}.py"
    path.write_text(textwrap.dedent(source))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module
