"""Credential helpers (password hashes, signed tokens); no knowledge of HTTP or storage."""
