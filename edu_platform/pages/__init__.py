"""Page functions only; registration happens in edu_platform.edu_platform."""
