"""The indexing job: chunking, German analysis, sparse and dense embeddings, the Qdrant store."""
