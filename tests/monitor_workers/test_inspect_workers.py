import pytest

from tests.support.snippets import snippet

tasks = snippet("monitor_workers")
_inspect_workers = snippet("monitor_workers", "inspect_workers")
worker_report = _inspect_workers.worker_report


@pytest.mark.worker
def test_the_worker_answers_for_itself(worker):
    later = tasks.resize.apply_async((10, 10, 2), countdown=30)
    [(name, report)] = worker_report(tasks.app).items()
    assert name.startswith(worker.hostname.split("@")[0] + "@")
    assert report["processes"] == 2
    assert report["active"] == []
    assert tasks.resize.name in report["registered"]
    scheduled = tasks.app.control.inspect(timeout=5, limit=1).scheduled()[name]
    assert [s["request"]["id"] for s in scheduled] == [later.id]
    later.revoke()
