"""The site follows its own checklist: every snippet's app goes through the
checker (celery_tasks_checklist). "Do this" apps must pass every rule; each
"Not this" app the checker covers must get exactly the rules listed here, the
rule of the item it teaches among them. A module not listed here must pass."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import celery
import celery_tasks_checklist as ctc
import pytest

from tests.support.snippets import SNIPPETS

ROOT = SNIPPETS.parent

# (folder, module): the rules whose findings it must produce.
NOT_THIS = {
    ("json_not_pickle", "accepts_pickle"): {"CTC301"},
    ("periodic_tasks", "string_names"): {"CTC501", "CTC601"},
    ("periodic_tasks", "every_minute"): {"CTC502"},
    ("expire_work", "no_expiry"): {"CTC601"},
    ("real_option_names", "mistakes"): {"CTC102", "CTC201"},
    ("never_wait_inside_a_task", "waits_inside"): {"CTC701"},
}
# "Not this" code that is no app: the code rules read it as a file.
NOT_THIS_CODE = {
    "enqueue_after_commit/orders/delay_in_transaction.py": {"CTC702"},
}
# Settings a "Do this" snippet sets that are newer than some supported
# release, as its page says: there the checker rightly reports them as unknown
# (that release ignores them), and nowhere else.
NEWER_SETTINGS = {
    ("quorum_queues", "tasks"): {
        "task_create_missing_queue_type": (5, 6),
        "task_create_missing_queue_exchange_type": (5, 6),
    },
}
CELERY = tuple(int(part) for part in celery.__version__.split(".")[:2])
HAS_APP = re.compile(r"^(app\s*=|from \S+ import .*\bapp\b)", re.M)


def modules_with_an_app():
    """(folder, module) of every snippet module that defines or imports `app`,
    found afresh on every run, so new snippet folders are checked too. A module
    inside a package (a Django app's, with relative imports) is named by its
    dotted path under its folder."""
    found = []
    for path in SNIPPETS.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if path.stem.startswith(("test_", "_")) or not HAS_APP.search(source):
            continue
        folder, *inner = path.relative_to(SNIPPETS).with_suffix("").parts
        found.append((folder, ".".join(inner)))
    return sorted(found)


@pytest.fixture(scope="module")
def checked():
    """Each snippet app's findings, each app checked in a process of its own."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("isolated_check.py"))],
        input=json.dumps(modules_with_an_app()),
        capture_output=True,
        text=True,
        cwd=ROOT,
        # the checker module this process imported (checker/src, or a mutant
        # put first on PYTHONPATH), not whichever copy the child would find
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(Path(ctc.__file__).parent), str(ROOT)]),
        },
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("folder", "module"),
    modules_with_an_app(),
    ids=[f"{folder}/{module}" for folder, module in modules_with_an_app()],
)
def test_each_snippet_app_gets_what_its_side_of_the_page_says(checked, folder, module):
    found = checked[f"{folder}/{module}"]
    assert isinstance(found, list), found
    for setting, since in NEWER_SETTINGS.get((folder, module), {}).items():
        named = f"setting {setting} "
        unknown = [f for f in found if f[0] == "CTC101" and named in f[2]]
        assert bool(unknown) is (since > CELERY), found
        found = [f for f in found if f not in unknown]
    expected = NOT_THIS.get((folder, module), set())
    assert {rule for rule, _, _ in found} == expected, found
    if expected:  # the rule of the item the page teaches is among them
        assert folder.replace("_", "-") in {item for _, item, _ in found}, found


def test_the_code_rules_find_only_the_not_this_code():
    found = ctc.module_findings(str(path) for path in SNIPPETS.rglob("*.py"))
    by_file = {}
    for finding in found:
        file = Path(finding.path).relative_to(SNIPPETS).as_posix()
        by_file.setdefault(file, set()).add(finding.rule)
    assert by_file == NOT_THIS_CODE
    for file, rules in NOT_THIS_CODE.items():
        item = file.split("/")[0].replace("_", "-")
        assert {ctc.RULES[rule].item for rule in rules} == {item}


def test_every_listed_not_this_module_exists():
    assert set(NOT_THIS) <= set(modules_with_an_app())
    assert all((SNIPPETS / file).is_file() for file in NOT_THIS_CODE)
