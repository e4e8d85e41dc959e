"""Flows: one module per job kind; each exposes run(ctx)."""
