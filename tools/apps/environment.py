"""The environment an app under test sees: ours minus secrets, plus the contract's variables."""

from __future__ import annotations

import os
import re
import uuid

# Credentials of the harness or the model provider must never reach generated code.
_SECRET = re.compile(r"(API_KEY|_TOKEN|_SECRET|PASSWORD|^AWS_|^AZURE_|^GOOGLE_|^OPENAI|^ANTHROPIC|^HF_)", re.I)
_KEEP = {
    "PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER", "LOGNAME", "SHELL", "TERM",
    # Trust stores and proxies: package managers cannot reach their registries without them.
    "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS",
    "HTTPLIB2_CA_CERTS", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
}  # fmt: skip
MARKER_NAME = "CAGENT_APP_RUN"


def new_marker() -> str:
    """A marker value naming this harness process first, so orphans of a dead harness can be told apart."""
    return f"{os.getpid()}-{uuid.uuid4().hex[:12]}"


def scrubbed_environment(source: dict[str, str] | None = None) -> dict[str, str]:
    """Keep the variables programs need to run; drop everything that looks like a credential."""
    env = dict(os.environ if source is None else source)
    return {
        k: v
        for k, v in env.items()
        if k in _KEEP or (k.startswith(("LC_", "UV_", "PIP_", "NPM_")) and not _SECRET.search(k))
    }


def app_environment(
    *, port: int, marker: str, database_env: dict[str, str], install_env: dict[str, str], jwt_secret: str
) -> dict[str, str]:
    env = scrubbed_environment()
    env.update(install_env)
    env.update(database_env)
    env.update(
        {
            "PORT": str(port),
            "HOST": "0.0.0.0",
            "JWT_SECRET": jwt_secret,
            "SECRET_KEY": jwt_secret,
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            MARKER_NAME: marker,
        }
    )
    return env
