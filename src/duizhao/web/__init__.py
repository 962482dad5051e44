"""The web application: server-rendered reading, search and editing over the library (FastAPI + Jinja2).

`create_app(db_url, private=False)` in app.py builds it; `duizhao serve` runs it with uvicorn.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
