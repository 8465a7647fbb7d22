"""200 answers without a completion, through litellm's real HTTP path against a local OpenAI-compatible server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from agent.models.base import ModelError
from agent.models.litellm_model import LitellmModel
from tests.quiet_handler import QuietHandler, serving

FAST = {"retry_wait_s": 0.001, "retry_wait_max_s": 0.004}
MESSAGES = [{"role": "user", "content": "hi"}]
HTML = b"<html><body>502 upstream went away</body></html>"


def _completion(choices: list[dict]) -> bytes:
    return json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": "coder", "choices": choices,
                       "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}).encode()  # fmt: skip


ANSWER = _completion([{"index": 0, "message": {"role": "assistant", "content": "hello"}, "finish_reason": "stop"}])
NO_CHOICES = _completion([])


class _Server(QuietHandler):
    """Answers each POST with the next queued (body, content type), then with a normal completion."""

    queue: list[tuple[bytes, str]] = []
    served = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).served += 1
        body, content_type = type(self).queue.pop(0) if type(self).queue else (ANSWER, "application/json")
        self._send(200, body, content_type)


@pytest.fixture
def server() -> Iterator[str]:
    _Server.queue, _Server.served = [], 0
    with serving(_Server) as base:
        yield f"{base}/v1"


def _model(base: str, retries: int) -> LitellmModel:
    return LitellmModel("openai/coder", api_base=base, api_key="sk-local", max_retries=retries, **FAST)


def test_empty_choices_are_retried_like_a_server_error(server: str) -> None:
    _Server.queue = [(NO_CHOICES, "application/json")] * 2
    model = _model(server, retries=3)
    turn = model.complete(MESSAGES, [])
    assert turn.content == "hello" and model.retries == 2 and _Server.served == 3


def test_empty_choices_every_time_give_up_after_the_retries(server: str) -> None:
    _Server.queue = [(NO_CHOICES, "application/json")] * 10
    model = _model(server, retries=2)
    with pytest.raises(
        ModelError, match=r"^openai/coder: gave up after 3 attempts: the server answered with no choices$"
    ):
        model.complete(MESSAGES, [])
    assert _Server.served == 3


@pytest.mark.parametrize(
    ("body", "content_type", "shown"),
    [
        (HTML, "text/html", repr(HTML.decode())),
        (HTML, "application/json", repr(HTML.decode())),
        (b"", "application/json", "an empty body"),
        (b'"just a string"', "application/json", "'just a string'"),
    ],
)
def test_a_body_that_is_not_a_completion_is_one_clean_line(
    server: str, body: bytes, content_type: str, shown: str, caplog: pytest.LogCaptureFixture
) -> None:
    _Server.queue = [(body, content_type)] * 10
    model = _model(server, retries=1)
    with pytest.raises(ModelError) as caught:
        model.complete(MESSAGES, [])
    reason = str(caught.value)
    assert reason.startswith("openai/coder: gave up after 2 attempts: the server answered with a body that is not")
    assert reason.endswith(shown) and "\n" not in reason
    assert "APIResponse" not in reason and "Traceback" not in reason
    assert all("APIResponse" not in record.getMessage() for record in caplog.records), "the retry log is clean too"
