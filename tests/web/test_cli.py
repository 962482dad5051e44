"""The web's commands: serve, user, corrections, correct."""

from __future__ import annotations

import json
import sys
from io import StringIO
from pathlib import Path
from typing import Any

from duizhao.cli import run

from .conftest import doc_id_by_title


def call(db: Path, *args: str, capsys: Any, stdin: str | None = None, monkeypatch: Any = None) -> tuple[int, Any]:
    capsys.readouterr()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", StringIO(stdin))
    code = run(["--db", str(db), *args])
    out = capsys.readouterr()
    try:
        value = json.loads(out.out)
    except json.JSONDecodeError:
        value = out.out + out.err
    return code, value


def test_user_add_list_passwd(library: Any, db_path: Path, capsys: Any, monkeypatch: Any) -> None:
    from duizhao.web.auth import authenticate

    code, v = call(
        db_path,
        "user",
        "add",
        "nina",
        "--editor",
        "--password-stdin",
        "--json",
        capsys=capsys,
        stdin="a long password\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0 and v == {"name": "nina", "editor": True}
    assert authenticate(library, "nina", "a long password") is not None
    assert not library.get_user("nina")["password_hash"].startswith("a long")
    code, v = call(db_path, "user", "list", "--json", capsys=capsys)
    assert {"name": "nina", "editor": True}.items() <= next(u for u in v if u["name"] == "nina").items()
    code, _ = call(
        db_path,
        "user",
        "passwd",
        "nina",
        "--password-stdin",
        capsys=capsys,
        stdin="another long one\n",
        monkeypatch=monkeypatch,
    )
    assert (
        code == 0
        and authenticate(library, "nina", "another long one")
        and not authenticate(library, "nina", "a long password")
    )
    code, err = call(
        db_path,
        "user",
        "add",
        "nina",
        "--password-stdin",
        capsys=capsys,
        stdin="whatever long\n",
        monkeypatch=monkeypatch,
    )
    assert code == 2 and "exists already" in err
    code, err = call(
        db_path, "user", "add", "shorty", "--password-stdin", capsys=capsys, stdin="short\n", monkeypatch=monkeypatch
    )
    assert code == 2 and "too short" in err
    code, err = call(db_path, "user", "add", "noterm", capsys=capsys, stdin="", monkeypatch=monkeypatch)
    assert code == 2 and "--password-stdin" in err


def test_correct_propose_apply_reject(library: Any, db_path: Path, capsys: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    code, c = call(
        db_path,
        "correct",
        "propose",
        doc_id,
        "u4",
        "--side",
        "en",
        "--text",
        "Warehouse rents rose by 30% within two years.",
        "--note",
        "the Chinese says 30%",
        "--json",
        capsys=capsys,
    )
    assert code == 0 and c["status"] == "pending" and c["note"] == "the Chinese says 30%"
    code, rows = call(db_path, "corrections", "--status", "pending", "--json", capsys=capsys)
    assert [r["id"] for r in rows] == [c["id"]]
    code, err = call(db_path, "correct", "apply", str(c["id"]), "--editor", "rita", capsys=capsys)
    assert code == 2 and "not an editor" in err
    code, done = call(db_path, "correct", "apply", str(c["id"]), "--editor", "edith", "--json", capsys=capsys)
    assert code == 0 and done["status"] == "applied" and done["decided_by"] == "edith"
    assert not [f for f in library.findings(doc_id) if f.unit_id == "u4" and f.kind == "number"]
    code, err = call(db_path, "correct", "apply", str(c["id"]), "--editor", "edith", capsys=capsys)
    assert code == 2 and "already applied" in err
    code, c2 = call(
        db_path, "correct", "propose", doc_id, "u3", "--side", "zh", "--text", "改動。", "--json", capsys=capsys
    )
    code, rej = call(db_path, "correct", "reject", str(c2["id"]), "--reason", "no", "--json", capsys=capsys)
    assert code == 0 and rej["status"] == "rejected"
    code, human = call(db_path, "corrections", capsys=capsys)
    assert code == 0 and "#1 applied" in human and "rejected" in human
    code, err = call(db_path, "correct", "propose", doc_id, "u99", "--side", "en", "--text", "x", capsys=capsys)
    assert code == 2 and "no unit" in err


def test_serve_help(capsys: Any) -> None:
    assert run(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--port" in out and "--workers" in out and "--private" in out


def test_settings_private_on_off(library: Any, db_path: Path, capsys: Any, make_client: Any) -> None:
    """`settings set private on` makes a running web app ask for sign-in; `off` opens it again."""
    from duizhao.web import create_app

    code, v = call(db_path, "settings", "show", "--json", capsys=capsys)
    assert code == 0 and v == {"settings": {"private": False, "embed": True}}
    web_app = create_app(str(db_path))
    try:
        c = make_client(web_app)
        assert c.get("/").status_code == 200
        code, v = call(db_path, "settings", "set", "private", "on", "--json", capsys=capsys)
        assert code == 0 and v["settings"] == {"private": True, "embed": True} and "note" not in v  # the fixture has users
        assert library.get_setting("private") == "1"
        web_app.state.web._private_cache = (0.0, False)  # the web re-reads the flag every few seconds
        r = c.get("/")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        assert c.get("/api/docs").status_code == 401
        code, out = call(db_path, "settings", "show", capsys=capsys)
        assert code == 0 and out.split()[:2] == ["private", "on"]
        code, v = call(db_path, "settings", "set", "private", "OFF", "--json", capsys=capsys)
        assert code == 0 and v["settings"] == {"private": False, "embed": True} and library.get_setting("private") == "0"
        web_app.state.web._private_cache = (0.0, True)
        assert c.get("/").status_code == 200
    finally:
        web_app.state.web.close()


def test_settings_bad_input(library: Any, db_path: Path, capsys: Any, tmp_path: Path) -> None:
    code, out = call(db_path, "settings", "set", "private", "maybe", capsys=capsys)
    assert code == 2 and "not on or off" in out
    code, out = call(db_path, "settings", "set", "colour", "on", capsys=capsys)
    assert code == 2 and "unknown setting" in out and "private" in out
    assert library.get_setting("private") is None
    # a library without accounts: making it private says how to add one
    empty = tmp_path / "empty.db"
    code, out = call(empty, "settings", "set", "private", "yes", capsys=capsys)
    assert code == 2 and "no library at" in out and not empty.exists()
    assert call(empty, "migrate", capsys=capsys)[0] == 0
    code, v = call(empty, "settings", "set", "private", "yes", "--json", capsys=capsys)
    assert code == 0 and v["settings"] == {"private": True, "embed": True} and "user add" in v["note"]


def test_passwd_revoke_and_delete_end_sessions(
    library: Any, db_path: Path, capsys: Any, monkeypatch: Any, make_client: Any
) -> None:
    editor, other = make_client(), make_client()
    assert editor.login("edith").status_code == 303 and other.login("edith").status_code == 303
    assert editor.get("/corrections").status_code == 200
    code, v = call(db_path, "user", "sessions", "edith", "--json", capsys=capsys)
    assert code == 0 and len(v["sessions"]) == 2 and {"created_at", "expires_at"} == set(v["sessions"][0])
    # a new password signs out whoever knew the old one
    code, v = call(
        db_path, "user", "passwd", "edith", "--password-stdin", "--json",
        capsys=capsys, stdin="a brand new password\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 0 and v == {"name": "edith", "sessions_ended": 2}
    assert editor.get("/corrections").status_code == 303 and other.get("/corrections").status_code == 303
    assert editor.login("edith", "a brand new password").status_code == 303
    code, out = call(db_path, "user", "sessions", "edith", "--revoke", capsys=capsys)
    assert code == 0 and "1 session ended" in out
    assert editor.get("/corrections").status_code == 303
    # delete: the account and its sessions go, what it did stays attributed
    assert other.login("rita").status_code == 303
    code, v = call(db_path, "user", "delete", "rita", "--json", capsys=capsys)
    assert code == 0 and v == {"name": "rita", "sessions_ended": 1}
    assert library.get_user("rita") is None and other.get("/corrections").status_code == 303
    assert other.login("rita").status_code == 401
    code, err = call(db_path, "user", "delete", "rita", capsys=capsys)
    assert code == 2 and "no user 'rita'" in err
    code, err = call(db_path, "user", "sessions", "nobody", capsys=capsys)
    assert code == 2 and "no user 'nobody'" in err
