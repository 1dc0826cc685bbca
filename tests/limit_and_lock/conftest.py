"""The rebuild both snippets run, long enough for two runs to overlap."""

#: Two seconds of hashing or more: two runs started together overlap.
ROUNDS = 8_000_000
# build_index(3, ROUNDS), worked out once: two seconds of hashing saved each
# time a test checks a worker's answer.
INDEX = "c5702e467a4bb6dbb563cc91dc38c6c98b1231f7bdc5115f71a41801cefcc257"
