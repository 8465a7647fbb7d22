"""The cagent runtime: task specs, the agent loop, model clients and the command line."""
