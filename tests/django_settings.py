"""The Django project the snippets' models run in: SQLite, every snippet app."""

from pathlib import Path

SNIPPETS = Path(__file__).resolve().parent.parent / "snippets"

# Any snippet folder with a models.py is a Django app.
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    *(f"snippets.{p.parent.name}" for p in sorted(SNIPPETS.glob("*/models.py"))),
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SECRET_KEY = "tests-only-not-a-secret"
USE_TZ = True
