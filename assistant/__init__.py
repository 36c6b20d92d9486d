"""Answering logic: query analysis, retrieval, responsibility resolution, composition. No FastAPI imports."""
