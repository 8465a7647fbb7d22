"""The run viewer: `cagent show` as one self-contained HTML page per run, or runs side by side.

`record` reads a run directory (trajectory, result.json, eval.json, the workspace's final diff),
`ansi` renders terminal colour codes, `sections` and `page` write the page, `compare` the side-by-side
table of several runs (or a bench directory).
"""
