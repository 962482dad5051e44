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
    "--forwarded-allow-ips",
    default="127.0.0.1,::1",
    show_default=True,
    help="Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (comma-separated addresses or "
    "networks, '*' for any, '' for none): from them the client's address and https come from the headers.",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def serve_cmd(
    ctx: Any, host: str, port: int, workers: int, private: bool, forwarded_allow_ips: str, log_level: str
) -> None:
    """Serve the library on the web (reading is open unless --private; editors sign in)."""
    import uvicorn

    from ..web.app import create_app

    db = ctx.db
    # Refuse at start, in one line, what would otherwise fail at a reader's first write: no library
    # at that path (serve creates none), a read-only one, one on a file system without working locks.
    ctx.library().check_writable()
    # Behind nginx (docs/deployment.md) every peer is the proxy: only the headers of the proxies named
    # here give the client's address (what the sign-in throttle counts) and scheme (Secure cookies);
    # anyone else's X-Forwarded-* are ignored, so a client cannot choose its own address.
    trusted = ",".join(p.strip() for p in forwarded_allow_ips.split(",") if p.strip())
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted,
        "server_header": False,
    }
    if workers == 1:
        app = create_app(db, private=private)  # opens the library now, so a bad --db fails here
        uvicorn.run(app, **options)
        return None
    # Several processes: each builds its own app from the environment.
    create_app(db, private=private).state.web.close()  # migrate once before the workers start
    os.environ["DUIZHAO_DB"] = db
    os.environ["DUIZHAO_PRIVATE"] = "1" if private else "0"
    uvicorn.run("duizhao.web.app:app_from_env", factory=True, workers=workers, **options)
    return None
