"""handover's Python library: the kernel's constants, the shape of its
serial log and the memdump records, read the same way by every tool.

scripts/ run directly (`python3 scripts/memory-report.py`) import it as
`hvlib`, since Python puts a script's own directory first on its path;
the harness and the other tests, run as modules from the top of the tree
(`python3 -m tests.harness.run_tests`), import it as `scripts.hvlib`.
Inside, the modules import each other relatively, so both names work.
"""
