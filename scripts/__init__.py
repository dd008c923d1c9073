"""scripts/ as a package, so the tests (run as modules from the top of the
tree) import scripts.hvlib; the scripts themselves are run as files."""
