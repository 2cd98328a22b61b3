"""Compose: records into document models, one module per document kind."""
