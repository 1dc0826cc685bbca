from tasks import add, app


# Not this: the task holds a worker slot while it waits for other tasks that
# need a free slot to run. A prefork worker refuses it (RuntimeError); forced
# through (disable_sync_subtasks=False), one per pool process locks the pool.
@app.task
def add_all(*numbers):
    result = 0
    for number in numbers:
        result = add.delay(result, number).get()
    return result
