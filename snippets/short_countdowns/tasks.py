import os
import sqlite3
from contextlib import closing
from datetime import datetime, timezone

from celery import Celery

app = Celery(
    "reminders",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/0",
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    timezone="UTC",
)


def connect():
    db = sqlite3.connect(os.environ.get("REMINDERS_DB", "reminders.sqlite3"))
    db.executescript(
        "CREATE TABLE IF NOT EXISTS reminders (id INTEGER PRIMARY KEY,"
        " user_id INTEGER NOT NULL, due_at TEXT NOT NULL, queued_at TEXT);"
        "CREATE TABLE IF NOT EXISTS notifications (id INTEGER PRIMARY KEY,"
        " user_id INTEGER NOT NULL, sent_at TEXT NOT NULL);"
    )
    return db


def remind_later(user_id, delay):
    """Store when the reminder is due, instead of a countdown on the broker."""
    due_at = datetime.now(timezone.utc) + delay
    with closing(connect()) as db, db:
        db.execute(
            "INSERT INTO reminders (user_id, due_at) VALUES (?, ?)",
            (user_id, due_at.isoformat()),
        )


@app.task
def send_reminder(user_id):
    with closing(connect()) as db, db:
        db.execute(
            "INSERT INTO notifications (user_id, sent_at) VALUES (?, ?)",
            (user_id, datetime.now(timezone.utc).isoformat()),
        )


@app.task
def send_due_reminders():
    """Every minute: send what is due now, each reminder once."""
    now = datetime.now(timezone.utc).isoformat()
    with closing(connect()) as db:
        due = db.execute(
            "SELECT id, user_id FROM reminders WHERE queued_at IS NULL AND due_at <= ?",
            (now,),
        ).fetchall()
        for reminder_id, user_id in due:
            with db:  # one transaction a reminder: claim, send, commit
                claimed = db.execute(
                    "UPDATE reminders SET queued_at = ?"
                    " WHERE id = ? AND queued_at IS NULL",
                    (now, reminder_id),
                ).rowcount
                if claimed:  # not taken by another sweep since the SELECT
                    # No countdown: taken at once, acknowledged long before any
                    # visibility timeout. If the send fails, the claim rolls back.
                    send_reminder.delay(user_id)


app.add_periodic_task(
    60.0, send_due_reminders.s(), name="send due reminders", expires=50
)
