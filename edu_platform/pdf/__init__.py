"""PDF rendering with reportlab (certificates)."""
