"""How long the check takes next to building the app it checks.

    python checker/benchmark.py [tasks] [beat entries]

Writes a module of 1,000 tasks (options, retries, class-based tasks among
them) and 200 beat entries into a temporary folder, imports it and finalizes
the app (the build), then runs check_app on it (the check), each best of
three in a fresh process. Prints the numbers; it asserts nothing."""

import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

MEASURE = """
import importlib, json, sys, time
sys.path.insert(0, sys.argv[1])
start = time.perf_counter()
module = importlib.import_module("bench_tasks")
module.app.finalize()
built = time.perf_counter() - start
import celery_tasks_checklist as ctc
start = time.perf_counter()
found = ctc.check_app(module.app)
checked = time.perf_counter() - start
print(json.dumps({"build": built, "check": checked, "findings": len(found)}))
"""


def app_source(tasks: int, entries: int) -> str:
    lines = [
        "from celery import Celery, Task",
        "from celery.schedules import crontab",
        "",
        'app = Celery("bench", broker="redis://localhost:6379/0")',
        "app.conf.update(task_soft_time_limit=300, task_time_limit=360)",
        "",
    ]
    for number in range(tasks):
        kind = number % 4
        if kind == 0:
            lines += [
                f'@app.task(queue="q{number % 7}", bind=True)',
                f"def task_{number}(self, item_id):",
                "    return item_id",
            ]
        elif kind == 1:
            lines += [
                "@app.task(autoretry_for=(OSError,), retry_backoff=True, "
                "max_retries=5)",
                f"def task_{number}(item_id):",
                "    total = sum(range(item_id))",
                "    return {'id': item_id, 'total': total}",
            ]
        elif kind == 2:
            lines += [
                "@app.task(soft_time_limit=30, time_limit=40, expires=600)",
                f"def task_{number}(item_id, rows=()):",
                "    for row in rows:",
                "        item_id += len(row)",
                "    return item_id",
            ]
        else:
            lines += [
                f"class Task{number}(Task):",
                f'    name = "bench.task_{number}"',
                "    chunk = 100",
                "",
                "    def run(self, item_id):",
                "        return item_id * self.chunk",
                "",
                f"app.register_task(Task{number}())",
            ]
        lines.append("")
    schedule = {
        f"entry {n}": (f"bench_tasks.task_{(n * 4) % tasks}", n % 60, n % 24)
        for n in range(entries)
    }
    lines.append("app.conf.beat_schedule = {")
    for name, (task, minute, hour) in schedule.items():
        lines.append(
            f"    {name!r}: {{'task': {task!r}, "
            f"'schedule': crontab(minute={minute}, hour={hour}), "
            "'options': {'expires': 3000}},"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(tasks: int = 1000, entries: int = 200) -> None:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "bench_tasks.py").write_text(app_source(tasks, entries))
        runs = []
        for _ in range(3):
            done = subprocess.run(
                [sys.executable, "-c", textwrap.dedent(MEASURE), folder],
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(done.stdout))
    build = min(run["build"] for run in runs)
    check = min(run["check"] for run in runs)
    print(f"app: {tasks} tasks, {entries} beat entries")
    print(f"build (import + finalize): {build * 1000:.0f} ms (best of 3)")
    print(f"check_app:                 {check * 1000:.0f} ms (best of 3)")
    print(f"check / build:             {check / build:.2f}")
    print(f"findings:                  {runs[0]['findings']}")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
