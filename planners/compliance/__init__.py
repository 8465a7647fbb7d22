"""Compliance checks of a workspace against task constraints.

- `verdict`: Verdict and Violation, what every check returns;
- `framework_check`, `architecture_check`, `database_check`, `orm_check`: one check per constraint kind
  (reached through `planners.constraints.catalog`);
- `report.check_all`: every constrained kind at once, as a ComplianceReport;
- `runtime.runtime_database_evidence`: what the app stored in the provisioned database, after a suite ran.

This package's __init__ imports only the verdict types: the catalog imports the checks, and the report
imports the catalog, so anything heavier here would import in a circle.
"""

from planners.compliance.verdict import Verdict, Violation

__all__ = ["Verdict", "Violation"]
