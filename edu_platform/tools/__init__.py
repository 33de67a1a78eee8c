"""Developer tools run with `python -m edu_platform.tools.<name>`."""
