"""handover's tests; the Python ones run as modules from the top of the
tree (python3 -m tests.harness.run_tests), which this package makes
importable with no path set-up."""
