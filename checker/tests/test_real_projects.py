"""Apps modelled on how open-source projects configure Celery (read with the
December 2026 review: paperless-ngx, KoboToolbox KPI, Kitsune, Baserow,
DefectDojo, Grafana OnCall), written for these tests: the careful ones get no
finding at all, and the real mistakes in them are each found once.

Tasks use ``@app.task(shared=False)`` where the projects use ``shared_task``:
the same task class, without handing the tasks to every app of this process."""

from ctc_cases import findings, load

DJANGO_PROJECT = '''
from celery import Celery, Task
from celery.schedules import crontab


class settings:  # a Django settings module, as config_from_object reads one
    DEBUG = False
    SECRET_KEY = "x"
    INSTALLED_APPS = ["django.contrib.auth", "documents"]
    REDIS_URL = "redis://redis:6379/0"
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6000}
    CELERY_RESULT_BACKEND = "django-db"
    CELERY_CACHE_BACKEND = "django-cache"
    CELERY_RESULT_EXPIRES = 3600
    CELERY_TASK_SERIALIZER = "json"
    CELERY_RESULT_SERIALIZER = "json"
    CELERY_ACCEPT_CONTENT = ["json"]
    CELERY_TIMEZONE = "UTC"
    CELERY_TASK_TRACK_STARTED = True
    CELERY_TASK_SOFT_TIME_LIMIT = 1800
    CELERY_TASK_TIME_LIMIT = 2100
    CELERY_WORKER_MAX_TASKS_PER_CHILD = 7
    CELERY_WORKER_SEND_TASK_EVENTS = True
    CELERY_TASK_SEND_SENT_EVENT = True
    CELERY_SEND_TASK_SENT_EVENT = True  # the old name beside the new one
    CELERY_TASK_DEFAULT_QUEUE = "default"
    CELERY_TASK_ROUTES = {"documents.tasks.index_*": {"queue": "index"}}
    CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
    CELERY_LONG_RUNNING_TASK_SOFT_TIME_LIMIT = 4 * 3600  # the project's own
    CELERY_REDBEAT_LOCK_TIMEOUT = 330  # RedBeat's
    CELERY_CHECKLIST_SILENCED = []
    CELERY_BEAT_SCHEDULE = {
        "train-classifier": {
            "task": "documents.tasks.train_classifier",
            "schedule": crontab(minute=5, hour="*/1"),
            "options": {"expires": 59 * 60},
        },
        "sanity-check": {
            "task": "documents.tasks.sanity_check",
            "schedule": crontab(minute=30, hour=0, day_of_week="sun"),
            "options": {"expires": 6 * 3600},
        },
    }


app = Celery("paperless", set_as_current=False)
app.config_from_object(settings, namespace="CELERY")


class IndexLockError(Exception):
    pass


@app.task(
    shared=False,
    name="documents.tasks.index_document",
    autoretry_for=(IndexLockError,),
    max_retries=5,
    retry_backoff=60,
    retry_backoff_max=1200,
    retry_jitter=True,
    ignore_result=True,
)
def index_document(document_id):
    return document_id


@app.task(shared=False, name="documents.tasks.train_classifier", queue="ml")
def train_classifier():
    return "trained"


@app.task(shared=False, name="documents.tasks.sanity_check", bind=True,
          soft_time_limit=3 * 3600, time_limit=3 * 3600 + 300)
def sanity_check(self):
    return self.request.id


class ExportTask(Task):
    """A class-based task, registered with register_task."""

    name = "documents.tasks.export"
    queue = "exports"
    autoretry_for = (OSError,)
    retry_backoff = True
    max_retries = 4
    chunk_size = 500
    storage_class = None

    def rows(self, document_ids):
        for start in range(0, len(document_ids), self.chunk_size):
            yield document_ids[start : start + self.chunk_size]

    @property
    def target(self):
        return "s3"

    def run(self, document_ids):
        return sum(1 for _ in self.rows(document_ids))


app.register_task(ExportTask())
'''


def test_a_careful_django_project_has_no_finding(tmp_path):
    module = load(tmp_path, DJANGO_PROJECT)
    assert findings(module.app) == []


def test_its_dead_settings_are_found(tmp_path):
    broken = DJANGO_PROJECT.replace(
        "CELERY_TASK_SOFT_TIME_LIMIT = 1800", "CELERY_SOFT_TIME_LIMIT = 1800"
    ).replace("CELERY_WORKER_MAX_TASKS_PER_CHILD = 7", "CELERY_MAX_TASKS_PER_CHILD = 7")
    module = load(tmp_path, broken + "\nsettings.CELERY_TASK_DEFAULT_EXPIRES = 1\n")
    found = findings(module.app)
    assert [(f.rule, f.where) for f in found] == [
        ("CTC101", "setting CELERY_MAX_TASKS_PER_CHILD"),
        ("CTC101", "setting CELERY_SOFT_TIME_LIMIT"),
        ("CTC101", "setting CELERY_TASK_DEFAULT_EXPIRES"),
    ]
    # Each one placed on the line of the settings that names it.
    lines = module.__loader__.get_source(module.__name__).splitlines()
    for f in found:
        assert f.path == module.__file__
        assert f.where.removeprefix("setting ") in lines[f.line - 1]


ROUTED = '''
from celery import Celery, Task

app = Celery("baserow", broker="redis://redis:6379/0", set_as_current=False)
app.conf.update(task_soft_time_limit=300, task_time_limit=360,
                task_annotations={"baserow.export_*": {"rate_limit": "10/m"}})


class TelemetryTask(Task):
    """The app's base task: its own attributes and hooks."""

    span_name = None

    def before_start(self, task_id, args, kwargs):
        self.span_name = self.name


class Singleton(TelemetryTask):
    lock_expiry = 600
    raise_on_duplicate = False
    unique_on = None


app.Task = TelemetryTask
'''
# 38 decorators with queue= in the project the review pasted the old check into.
ROUTED += "".join(
    f'''

@app.task(shared=False, bind=True, queue="{queue}", name="baserow.task_{number}")
def task_{number}(self, workspace_id):
    return workspace_id
'''
    for number, queue in enumerate(["export", "automation", "celery"] * 13)
)
ROUTED += """

@app.task(shared=False, base=Singleton, lock_expiry=120, unique_on=["table_id"],
          queue="export", routing_key="export", priority=5, delivery_mode=1,
          compression="zlib", expires=900)
def export_table(table_id):
    return table_id
"""


def test_routing_at_the_decorator_has_no_finding(tmp_path):  # OLD: 38 FP-1
    module = load(tmp_path, ROUTED)
    assert len([n for n in module.app.tasks if n.startswith("baserow.")]) == 39
    assert findings(module.app) == []


RETRY_FOREVER = """
from celery import Celery

app = Celery("oncall", broker="amqp://rabbitmq//", set_as_current=False)
app.conf.update(task_acks_late=True, CELERY_MAX_TASKS_PER_CHILD=1)


@app.task(shared=False, bind=True, autoretry_for=(Exception,), retry_backoff=True,
          max_retries=None)
def escalate(self, alert_group_id):
    return alert_group_id


@app.task(shared=False, retry_backoff=True, max_retries=5)
def notify(user_id):
    return user_id
"""


def test_the_review_mistakes_of_a_plain_app(tmp_path):
    module = load(tmp_path, RETRY_FOREVER)
    assert [f.rule for f in findings(module.app)] == ["CTC101", "CTC103"]


def test_a_beat_entry_is_placed_on_its_line(tmp_path):
    module = load(
        tmp_path,
        DJANGO_PROJECT.replace(
            'crontab(minute=30, hour=0, day_of_week="sun")',
            'crontab(hour=0, day_of_week="sun")',
        ),
    )
    (found,) = findings(module.app)
    assert (found.rule, found.where) == ("CTC502", "beat entry 'sanity-check'")
    line = module.__loader__.get_source(module.__name__).splitlines()[found.line - 1]
    assert '"sanity-check"' in line
