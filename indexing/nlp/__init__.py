"""German lexical analysis on a blank spaCy pipeline: sentences, lemmas, compounds, citations, terms."""

from indexing.nlp.citations import Citation, doc_citations, parse_citations
from indexing.nlp.compounds import CompoundSplitter
from indexing.nlp.lemmas import lemmatize
from indexing.nlp.normalize import fold
from indexing.nlp.pipeline import PIPE_NAMES, build_german_nlp, get_compound_splitter, load_vocabulary
from indexing.nlp.stopwords import STOP_WORDS, is_stop
from indexing.nlp.terms import analyze_many, analyze_terms, doc_terms

__all__ = [
    "PIPE_NAMES",
    "STOP_WORDS",
    "Citation",
    "CompoundSplitter",
    "analyze_many",
    "analyze_terms",
    "build_german_nlp",
    "doc_citations",
    "doc_terms",
    "fold",
    "get_compound_splitter",
    "is_stop",
    "lemmatize",
    "load_vocabulary",
    "parse_citations",
]
