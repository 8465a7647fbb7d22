"""Reports of a sweep's store: the published tables (by level, marginal effects, frameworks, failures),
the ablation table, and what the runs cost; Markdown, a self-contained HTML page, PNG figures."""
