"""`duizhao parse FILE`: what ingest would store, without storing."""
from __future__ import annotations

from typing import Any

import click

from ..pipeline import parse_file
from . import command
from .show import render_document


@command("parse", human=render_document)
@click.argument("path", type=click.Path())
@click.option("--encoding", help="Force the text encoding instead of detecting it.")
def parse_cmd(ctx: Any, path: str, encoding: str | None) -> dict[str, Any]:
    """Parse one file and print the Document."""
    return parse_file(path, encoding).to_dict()
