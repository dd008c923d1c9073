"""make gdb-test (python3 -m tests.gdb.test_gdb)."""
