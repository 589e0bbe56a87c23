"""Command-line interface: one typer app, one module per command, thin over the Python API."""
