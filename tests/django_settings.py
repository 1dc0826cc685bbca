"""The Django project the snippets' apps run in, on PostgreSQL.

Each snippet folder with a Django app holds it as a package a reader pastes
into their project (``snippets/atomic_tasks/profiles/``): the folder goes on
the path and the app is installed under its own name, as in the reader's
project. The test process's database settings are filled in by the PostgreSQL
fixture (tests/conftest.py); a worker process gets them from the environment.
"""

import json
import os
import sys
from pathlib import Path

SNIPPETS = Path(__file__).resolve().parent.parent / "snippets"
APPS = sorted(path.parent for path in SNIPPETS.glob("*/*/models.py"))
for root in sorted({str(app.parent) for app in APPS}):
    if root not in sys.path:
        sys.path.append(root)

INSTALLED_APPS = ["django.contrib.contenttypes", *(app.name for app in APPS)]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "checklist",
        **json.loads(os.environ.get("CHECKLIST_TEST_DATABASE", "{}")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SECRET_KEY = "tests-only-not-a-secret"
USE_TZ = True
# The "not this" versions' tasks: autodiscovery imports each app's tasks.py only.
CELERY_IMPORTS = [
    "events.tasks_with_objects",
    "loyalty.adds_again",
    "profiles.writes_in_steps",
]
