"""make report's tests and report-check; run as modules from the top of the
tree (python3 -m unittest tests.report.test_memdump)."""
