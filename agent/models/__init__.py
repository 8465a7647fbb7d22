"""Model clients: litellm for every real provider, scripted and replayed models for tests and demos.

Importing this package does not import litellm (slow); `make_model` loads it only for real models.
"""

from agent.models.base import (
    AssistantTurn,
    ContextWindowExceeded,
    Message,
    Model,
    ModelAuthError,
    ModelError,
    ModelExhausted,
    ToolCall,
    ToolSchema,
)
from agent.models.registry import MODEL_CLASSES, make_model

__all__ = [
    "MODEL_CLASSES",
    "AssistantTurn",
    "ContextWindowExceeded",
    "Message",
    "Model",
    "ModelAuthError",
    "ModelError",
    "ModelExhausted",
    "ToolCall",
    "ToolSchema",
    "make_model",
]
