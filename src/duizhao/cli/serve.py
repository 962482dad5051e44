"""`duizhao serve`: the web application with uvicorn."""

from __future__ import annotations

import os
from typing import Any

import click

from . import command


@command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--private", is_flag=True, help="Every page needs sign-in (also: the library setting 'private').")
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def serve_cmd(ctx: Any, host: str, port: int, workers: int, private: bool, log_level: str) -> None:
    """Serve the library on the web (reading is open unless --private; editors sign in)."""
    import uvicorn

    from ..web.app import create_app

    db = ctx.db
    # Refuse at start, in one line, what would otherwise fail at a reader's first write: no library
    # at that path (serve creates none), a read-only one, one on a file system without working locks.
    ctx.library().check_writable()
    if workers == 1:
        app = create_app(db, private=private)  # opens the library now, so a bad --db fails here
        uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False)
        return None
    # Several processes: each builds its own app from the environment.
    create_app(db, private=private).state.web.close()  # migrate once before the workers start
    os.environ["DUIZHAO_DB"] = db
    os.environ["DUIZHAO_PRIVATE"] = "1" if private else "0"
    uvicorn.run(
        "duizhao.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=False,
        server_header=False,
    )
    return None
