"""A scripted OpenAI-compatible model server: external scaffolds run against it offline, in tests."""

from evals.fake_llm.script import FakeScript, load_fake_script
from evals.fake_llm.server import FakeLLMServer

__all__ = ["FakeLLMServer", "FakeScript", "load_fake_script"]
