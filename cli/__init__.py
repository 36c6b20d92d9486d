"""The ``lsa-assistant`` command line: the one place that wires the stages (corpora, indexing, assistant, api).

It sits above every stage package, so none of them, and not the ground package ``lsa_assistant``, imports it.
``cli.main`` holds the parser and the sub-commands; ``python -m cli`` runs it like the console script.
"""
