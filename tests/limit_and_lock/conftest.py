"""The rebuild both snippets run, long enough for two runs to overlap."""

#: A second of hashing or more: two runs the worker's two processes start
#: together overlap.
ROUNDS = 4_000_000
# build_index(3, ROUNDS), worked out once: a second of hashing saved each time
# a test checks a worker's answer.
INDEX = "fd864c2901f3f290753760c182f5f32dd8a873a4b2ff3990883db3b628922a1c"
