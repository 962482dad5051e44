"""CLI start-up: a command's modules are imported only when it runs; `list` and `show` open the library
without the search and knowledge layers (whose imports cost most of a second); the table of which
module holds which command matches the modules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from duizhao.errors import DuizhaoError
from duizhao.store import open_library
from tests.conftest import REPO

HEAVY = ("duizhao.search", "duizhao.knowledge", "duizhao.layouts", "duizhao.check", "duizhao.pipeline", "rjieba")


def _modules_after(args: list[str]) -> list[str]:
    code = (
        "import json, sys\n"
        "from duizhao.cli import run\n"
        f"rc = run({args!r})\n"
        "print(json.dumps({'rc': rc, 'modules': sorted(sys.modules)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONPATH": str(REPO / "src")}
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["rc"] == 0, out.stderr
    return list(result["modules"])


def test_list_and_show_load_no_heavy_module(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    from duizhao.cli import run

    assert run(["--db", str(db), "ingest", str(REPO / "demo")]) == 0
    doc_id = open_library(db).list_documents()[0]["id"]
    for args in (["--db", str(db), "list"], ["show", doc_id, "--db", str(db)]):
        loaded = _modules_after(args)
        heavy = [m for m in loaded if m.startswith(HEAVY)]
        assert not heavy, (args, heavy)
        assert "duizhao.cli.list" in loaded or "duizhao.cli.show" in loaded
        assert "duizhao.cli.ingest" not in loaded and "duizhao.cli.serve" not in loaded


def test_the_command_table_names_each_command_s_module() -> None:
    import importlib

    import duizhao.cli as cli

    cli._load_commands()
    assert set(cli.COMMANDS) == set(cli.main.commands)
    for name, cmd in cli.main.commands.items():
        module = importlib.import_module(f"duizhao.cli.{cli.COMMANDS[name]}")
        # a command made by register() keeps its function's module; a group is a global of its module
        assert getattr(cmd.callback, "__module__", None) == module.__name__ or cmd in vars(module).values(), name


def test_a_library_opened_for_reading_refuses_indexed_writes(tmp_path: Path) -> None:
    from duizhao.model import Document, Unit

    lib = open_library(tmp_path / "lib.db", indexers=False)
    try:
        assert lib.list_documents() == []
        with pytest.raises(DuizhaoError, match="reading documents only"):
            lib.add_document(Document(id="d1", path="d.txt", units=[Unit("u1", "paragraph", zh="你好。", en="Hello.")]))
        assert lib.list_documents() == []  # nothing half-stored
    finally:
        lib.close()
    # opened normally afterwards, the library gets the search and knowledge tables and takes the write
    lib = open_library(tmp_path / "lib.db")
    try:
        lib.add_document(Document(id="d1", path="d.txt", units=[Unit("u1", "paragraph", zh="你好。", en="Hello.")]))
        assert [d["id"] for d in lib.list_documents()] == ["d1"]
    finally:
        lib.close()
