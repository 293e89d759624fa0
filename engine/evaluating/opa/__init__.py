"""Open Policy Agent: finding or starting a server, and asking it about documents."""

from engine.evaluating.errors import EngineError

__all__ = ["EngineError"]
