"""Haystack components of the indexing pipeline, one per module."""
