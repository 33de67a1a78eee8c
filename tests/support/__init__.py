"""Test helpers that are not fixtures: stand-ins for external services."""
