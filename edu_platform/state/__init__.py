"""Reflex states: one flat `rx.State` per feature, thin async handlers over services."""
