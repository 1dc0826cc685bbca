// Generated from the items' front matter by `make checklist`.
window.CTC_ITEMS = [
  {"id": "pass-ids-not-objects", "title": "Pass IDs, not objects", "url": "calling-tasks/pass-ids-not-objects/"},
  {"id": "enqueue-after-commit", "title": "Enqueue after the transaction commits", "url": "calling-tasks/enqueue-after-commit/"},
  {"id": "never-wait-inside-a-task", "title": "Never wait for a task inside a task", "url": "calling-tasks/never-wait-inside-a-task/"},
  {"id": "idempotent-tasks", "title": "Make tasks idempotent", "url": "writing-tasks/idempotent-tasks/"},
  {"id": "atomic-tasks", "title": "Make tasks atomic", "url": "writing-tasks/atomic-tasks/"},
  {"id": "split-bulk-work", "title": "Split bulk work into small tasks", "url": "writing-tasks/split-bulk-work/"},
  {"id": "custom-base-task", "title": "Share behaviour with a custom base Task", "url": "writing-tasks/custom-base-task/"},
  {"id": "retry-transient-errors", "title": "Retry transient errors", "url": "handling-failure/retry-transient-errors/"},
  {"id": "exponential-backoff", "title": "Back off exponentially, with jitter, and give up", "url": "handling-failure/exponential-backoff/"},
  {"id": "time-limits", "title": "Set time limits", "url": "handling-failure/time-limits/"},
  {"id": "acks-late", "title": "Acknowledge late only when the task is idempotent", "url": "handling-failure/acks-late/"},
  {"id": "json-not-pickle", "title": "Use JSON, never pickle", "url": "handling-failure/json-not-pickle/"},
  {"id": "task-logger", "title": "Log with the task logger", "url": "observability/task-logger/"},
  {"id": "monitor-workers", "title": "Monitor workers and queues", "url": "observability/monitor-workers/"},
  {"id": "notify-on-failure", "title": "Get notified when a task fails", "url": "observability/notify-on-failure/"},
  {"id": "periodic-tasks", "title": "Watch your periodic tasks", "url": "observability/periodic-tasks/"},
  {"id": "canvas", "title": "Compose work with canvas", "url": "workflows-and-routing/canvas/"},
  {"id": "dedicated-queues", "title": "Route tasks to dedicated queues", "url": "workflows-and-routing/dedicated-queues/"},
  {"id": "eager-mode", "title": "Test eagerly, and know what eager hides", "url": "testing-and-debugging/eager-mode/"},
  {"id": "real-worker-tests", "title": "Test against a real worker", "url": "testing-and-debugging/real-worker-tests/"},
  {"id": "rdb", "title": "Debug a running task with rdb", "url": "testing-and-debugging/rdb/"}
];
