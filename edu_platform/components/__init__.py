"""Stateless UI pieces shared by pages."""
