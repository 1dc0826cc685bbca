def worker_report(app, timeout=1.0):
    """What each worker is doing now, from its own answer to a broadcast."""
    inspect = app.control.inspect(timeout=timeout)
    stats = inspect.stats() or {}
    active = inspect.active() or {}
    registered = inspect.registered() or {}
    return {
        worker: {
            "processes": len(stats[worker]["pool"].get("processes", [])),
            "active": [task["name"] for task in active.get(worker, [])],
            "registered": sorted(registered.get(worker, [])),
        }
        for worker in sorted(stats)
    }
