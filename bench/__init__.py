"""gongbao's benchmarks: `python -m bench` (or `make bench`) writes docs/benchmarks.md.

Not part of the installed package: the harness measures the pipeline from outside, through
the functions the build calls and through the command line and the server.
"""
