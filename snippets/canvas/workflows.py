"""Run with a worker started in this folder by: celery -A tasks worker"""

from celery import chain, chord, group, signature

from tasks import add, log_error, mul, tsum, xsum


def signatures():
    # --8<-- [start:signatures]
    # Three ways to write the same signature: the task, its args, its options.
    by_name = signature(add.name, args=(2, 2), countdown=10)  # registered name
    by_task = add.signature((2, 2), countdown=10)
    shortcut = add.s(2, 2).set(countdown=10)
    print(by_name == by_task == shortcut)  # -> True
    # And a partial one: the missing argument comes later.
    partial = add.s(2)
    print(partial.delay(4).get())  # -> 6
    # --8<-- [end:signatures]


def callbacks():
    # --8<-- [start:callbacks]
    result = add.apply_async((1, 2), link=add.s(3))
    print(result.get())  # -> 3
    # The callback is sent before the result is stored: it is already a child.
    print(result.children[0].get())  # -> 6
    # collect() is a generator: it waits for each result only as you iterate.
    print([value for _, value in result.collect()])  # -> [3, 6]
    # --8<-- [end:callbacks]


def chains_groups_chords():
    # --8<-- [start:chain]
    workflow = chain(add.s(4, 4), mul.s(8), mul.s(10))
    print(workflow().get())  # -> 640
    # .si() makes a signature immutable: it ignores the result before it.
    print(chain(add.s(4, 4), add.si(2, 2))().get())  # -> 4
    # --8<-- [end:chain]
    # --8<-- [start:group]
    print(group(add.s(2, 2), add.s(4, 4))().get())  # -> [4, 8]
    # --8<-- [end:group]
    # --8<-- [start:chord]
    header = [add.s(i, i) for i in range(100)]
    print(chord(header)(tsum.s()).get())  # -> 9900
    # --8<-- [end:chord]


def a_chord_that_fails():
    # --8<-- [start:chord_error]
    header = [add.s(1, 1), add.s(1, "one")]  # 1 + "one" raises TypeError
    result = chord(header)(tsum.s().on_error(log_error.s()))
    try:
        result.get()
    except TypeError as exc:  # the failed header task's own error, not ChordError
        print("get() raised", type(exc).__name__)  # -> get() raised TypeError
    error = result.get(propagate=False)  # the chord's own error, returned
    print(result.state, type(error).__name__)  # -> FAILURE ChordError
    # tsum never ran, and the worker called log_error with the ChordError.
    # --8<-- [end:chord_error]
    return result


def map_starmap_chunks():
    # --8<-- [start:map]
    # JSON carries lists, not range objects: pass list(range(...)).
    numbers = [list(range(10)), list(range(100))]
    print(xsum.map(numbers).delay().get())  # -> [45, 4950]
    # --8<-- [end:map]
    # --8<-- [start:starmap]
    pairs = zip(range(10), range(10), strict=True)
    print(add.starmap(pairs).delay().get())
    # -> [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]
    # --8<-- [end:starmap]
    # --8<-- [start:chunks]
    pairs = zip(range(100), range(100), strict=True)
    batches = add.chunks(pairs, 10)().get()
    print(len(batches))  # -> 10
    print(batches[0])  # -> [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]
    print(batches[1])  # -> [20, 22, 24, 26, 28, 30, 32, 34, 36, 38]
    # --8<-- [end:chunks]


if __name__ == "__main__":
    signatures()
    callbacks()
    chains_groups_chords()
    a_chord_that_fails()
    map_starmap_chunks()
