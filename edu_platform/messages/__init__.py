"""Message catalogues per area: MESSAGES = {key: (ru, en)}."""
