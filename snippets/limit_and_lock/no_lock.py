from tasks import app, build_index


# Not this: idempotent, but not exclusive. Two runs that overlap both do the
# whole rebuild (and both hit the database): same result, twice the work.
@app.task
def rebuild_search_index(shard, rounds):
    return build_index(shard, rounds)
