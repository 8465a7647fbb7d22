"""`python -m evals` is `cagent`."""

from evals.cli import main

main()
