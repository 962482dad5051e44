"""The store tests run against both backends through the parametrized `library` fixture (tests/conftest.py)."""
