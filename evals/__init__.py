"""The Conduit evaluation harness: contract, behavioural suites, runner, results and reference backends."""
