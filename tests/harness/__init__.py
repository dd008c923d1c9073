"""handover's test harness: boots the kernel in QEMU, parses KTAP, judges.

Run from the top of the tree as a package, `python3 -m tests.harness.run_tests`
(what make test does); its own tests are the test_*.py modules here.
"""
