"""The integration API (API.md), mounted into the Reflex app through `api_transformer`."""

from edu_platform.api.app import create_api

__all__ = ["create_api"]
