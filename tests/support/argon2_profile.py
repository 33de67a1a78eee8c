"""The cheapest argon2 profile, for every test process and the browser suite's servers:
production's (t=3, 64 MiB, p=4) costs ~0.3 s per hash. tests/unit/services/test_passwords.py
keeps one check on production's parameters."""

TEST_ARGON2 = {"argon2_time_cost": 1, "argon2_memory_kib": 8, "argon2_parallelism": 1}
