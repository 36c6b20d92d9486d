"""FastAPI service (create_app), routes, schemas and the web UI."""
