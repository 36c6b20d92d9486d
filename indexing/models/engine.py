"""Load a resolved embedding model for inference, and the matching Haystack embedder settings.

torch and sentence-transformers are imported inside the functions: importing them costs seconds,
which commands that never embed should not pay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from lsa_assistant.errors import ModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from indexing.models.manifest import ModelSpec


def set_torch_threads(threads: int) -> None:
    """Set torch's intra-op threads for the whole process; 0 keeps torch's default (all cores)."""
    if threads > 0:
        import torch

        torch.set_num_threads(threads)


def load_sentence_transformer(spec: ModelSpec, threads: int = 0, device: str = "cpu") -> SentenceTransformer:
    """Load ``spec`` with sentence-transformers, offline, in eval mode.

    Encode with ``prompt_name="query"`` / ``"passage"`` (or ``encode_query`` / ``encode_document``)
    and ``normalize_embeddings=True``; that gives the same vectors as the Haystack embedders built
    from :func:`haystack_embedder_kwargs`.

    :param threads: torch intra-op threads (process-wide); 0 keeps the default.
    :raises ModelError: the directory cannot be loaded.
    """
    set_torch_threads(threads)
    from sentence_transformers import SentenceTransformer

    try:
        model = SentenceTransformer(str(spec.path), device=device, local_files_only=True)
    except (OSError, ValueError) as e:
        raise ModelError(
            f"cannot load embedding model {spec.model_id} from {spec.path}: {e}", path=str(spec.path)
        ) from e
    model.eval()
    return model


def haystack_embedder_kwargs(
    spec: ModelSpec, role: Literal["query", "passage"], **overrides: Any
) -> dict[str, Any]:
    """Keyword arguments for ``SentenceTransformersTextEmbedder`` (role ``"query"``) or
    ``SentenceTransformersDocumentEmbedder`` (role ``"passage"``) from
    ``haystack_integrations.components.embedders.sentence_transformers``.

    :param overrides: e.g. ``batch_size=16``, ``progress_bar=False``; they win over the defaults.
    """
    prefix = spec.query_prefix if role == "query" else spec.passage_prefix
    kwargs: dict[str, Any] = {
        "model": str(spec.path),
        "local_files_only": True,
        "prefix": prefix,
        "normalize_embeddings": True,
        "progress_bar": False,
        "token": None,
    }
    kwargs.update(overrides)
    return kwargs
