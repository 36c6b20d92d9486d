"""Source corpora and their loaders. Nothing here touches the network."""
