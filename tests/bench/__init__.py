"""make bench (python3 -m tests.bench.bench) and its self-tests."""
