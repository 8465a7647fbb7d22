"""What the model can call, and the machinery under it: sandboxes, ephemeral databases, app processes."""
