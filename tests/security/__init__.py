"""Security tests: each proves a hole of issue #9 closed (fails on the code before the fix)."""
