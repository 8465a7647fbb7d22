"""The verifier: gates a workspace must pass before `submit` ends the run (and `cagent verify` for people).

- `verifier.Verifier`: one round over a workspace, all gates in order, returning a `report.VerifierReport`;
- static gates: `compliance_gate` (the catalog's checks, the plan's obligations), `run_script`, `leftovers`;
- runtime gates (`runtime`): install, start-up on a fresh database through the isolation layer, the
  database smoke test (`db_lookup`) and the contract probe (`probe`, over `contract` and `exchange`);
- `review_tools`: the read-only tools of the reviewer sub-agent (agent.verifier_review), findings as structured output;
- `render`: a report as the text the agent reads.
Probes come from the OpenAPI contract and the constraints only: the verifier never sees the suites.
"""
