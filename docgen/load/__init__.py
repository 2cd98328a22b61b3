"""Loaders: user files (notices, letterheads, tables) into validated records; errors carry locations."""
