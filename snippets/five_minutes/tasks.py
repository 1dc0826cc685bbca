from celery import Celery

# The broker carries messages from the producer to the workers; the result
# backend keeps what each task returned, for whoever asks later.
app = Celery(
    "tasks",
    broker="redis://localhost:6379/0",
    backend="redis://localhost:6379/1",
)
app.conf.update(task_serializer="json", accept_content=["json"])


@app.task
def add(a, b):
    return a + b


def main():
    result = add.delay(4, 5)  # returns at once: the message is on the broker
    print(result.get(timeout=10))  # -> 9
    print(result.state)  # -> SUCCESS


if __name__ == "__main__":
    main()
