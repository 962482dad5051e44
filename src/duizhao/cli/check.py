"""`duizhao check TARGET`: translation QA of every bilingual unit (SPEC "check").

TARGET is tried as: an existing file — `.tmx` (translation memory), `.json` (a list of
{"id","zh","en"}), anything else a document file parsed like `parse`; otherwise a library id.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..check import Termset, check_document, check_pairs, termset
from ..check.report import FORMATS, render_report
from ..check.review import summary, with_reviews
from ..errors import BadInput, NotFound
from ..model import Finding
from . import command

_CJK_LANG = ("zh", "cmn", "chi", "zho")


def pairs_from_json(path: Path) -> list[tuple[str, str | None, str | None]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BadInput(f"{path.name}: not a readable JSON file ({e})") from e
    except RecursionError:  # json's decoder recurses once per level of nesting
        raise BadInput(f"{path.name}: JSON nested too deeply to read (expected a flat list of pairs)") from None
    if not isinstance(data, list):
        raise BadInput(f'{path.name}: expected a JSON list of {{"id", "zh", "en"}} objects')
    out: list[tuple[str, str | None, str | None]] = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not ({"zh", "en"} & item.keys()):
            raise BadInput(f'{path.name}: item {i} is not an object with "zh" and "en"')
        zh, en = item.get("zh"), item.get("en")
        if zh is not None and not isinstance(zh, str) or en is not None and not isinstance(en, str):
            raise BadInput(f'{path.name}: item {i}: "zh" and "en" must be strings or null')
        out.append((str(item.get("id", i + 1)), zh, en))
    return out


def pairs_from_tmx(path: Path) -> list[tuple[str, str | None, str | None]]:
    """Each <tu> of a TMX file: the Chinese <tuv> (xml:lang zh*) and the English one (en*)."""
    from translate.storage.tmx import tmxfile

    try:
        store = tmxfile(path.read_bytes())
    except Exception as e:  # noqa: BLE001 - lxml/translate raise many types for a broken file
        raise BadInput(f"{path.name}: not a readable TMX file ({type(e).__name__})") from e
    out: list[tuple[str, str | None, str | None]] = []
    for n, unit in enumerate(store.units, 1):
        zh = en = None
        for tuv in unit.getlanguageNodes():
            lang = (tuv.get("{http://www.w3.org/XML/1998/namespace}lang") or tuv.get("lang") or "").lower()
            text = unit.getNodeText(tuv) or ""
            if lang.startswith(_CJK_LANG):
                zh = text
            elif lang.startswith("en"):
                en = text
        out.append((unit.getid() or str(n), zh, en))
    return out


Checked = tuple[str | None, str, list[Finding], dict[str, tuple[str | None, str | None]]]


def _pairs(pairs: list[tuple[str, str | None, str | None]], name: str) -> Checked:
    return None, name, check_pairs(pairs, terms=_glossary_terms()), {u: (zh, en) for u, zh, en in pairs}


def _glossary_terms() -> Termset:
    """A file outside the library is checked against the curated glossary's terms (confirmed)."""
    from ..terms import glossary_terms

    return termset(glossary_terms())


def _library_terms(lib: Any) -> Termset:
    """A library document is checked against the library's confirmed terms (glossary, editors', confirmed mined)."""
    from ..terms.library import list_terms

    return termset(list_terms(lib, status="confirmed", limit=None))


def collect(ctx: Any, target: str) -> Checked:
    """(doc_id, title, findings with their reviews, unit id → (zh, en)) for TARGET."""
    path = Path(target)
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix == ".tmx":
            return _pairs(pairs_from_tmx(path), path.name)
        if suffix == ".json":
            return _pairs(pairs_from_json(path), path.name)
        from ..pipeline import parse_file

        doc = parse_file(path)
        texts = {u.id: (u.zh, u.en) for u in doc.units}
        return doc.id or None, doc_title(doc) or path.name, check_document(doc, _glossary_terms()), texts
    else:
        # Not a file here: a library id, id prefix or the file name a document was ingested from.
        try:
            doc = ctx.library().get_document(target)
        except NotFound:
            if path.suffix.lower() in (".tmx", ".json", ".txt", ".html", ".htm", ".md", ".docx", ".pdf"):
                raise BadInput(f"no such file: {target} (nor a document of that name in the library)") from None
            raise
        findings = with_reviews(check_document(doc, _library_terms(ctx.library())), ctx.library().reviews(doc.id))
        return doc.id, doc_title(doc) or doc.id, findings, {u.id: (u.zh, u.en) for u in doc.units}


def run_check(ctx: Any, target: str) -> dict[str, Any]:
    doc_id, _title, findings, _texts = collect(ctx, target)
    return {"doc_id": doc_id, "findings": [f.to_dict() for f in findings], "summary": summary(findings)}


def doc_title(doc: Any) -> str:
    return (doc.title or {}).get("en") or (doc.title or {}).get("zh") or ""


def render(value: dict[str, Any]) -> str:
    lines = []
    for f in value["findings"]:
        r = f.get("review")
        mark = f"  [reviewed by {r['by']}{': ' + r['note'] if r.get('note') else ''}]" if r else ""
        lines.append(f"{f['unit_id']:>8}  {f['severity']:<7} {f['kind']:<12} {f['detail']}{mark}  ({f['id']})")
    s = value["summary"]
    line = f"{s['errors']} error(s), {s['warnings']} warning(s)"
    if s["reviewed"]:
        line += f" not reviewed, {s['reviewed']} reviewed"
    lines.append(line + (f" in {value['doc_id']}" if value["doc_id"] else ""))
    return "\n".join(lines)


def _human(value: dict[str, Any]) -> str:
    if "path" in value:
        s = value["summary"]
        return f"wrote {value['path']} ({value['format']}, {value['bytes']} bytes): {s['errors']} error(s), {s['warnings']} warning(s), {s['reviewed']} reviewed"
    return render(value)


@command("check", human=_human)
@click.argument("target")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Write a QA report (csv or html) to -o FILE.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Where the QA report goes.")
def check(ctx: Any, target: str, fmt: str | None, output: str | None) -> dict[str, Any]:
    """Translation QA: numbers, dates, names, terms, omissions of every bilingual unit in TARGET
    (a library id, a document file, a .tmx file or a .json list of {"id","zh","en"}).
    With --format csv|html -o FILE: a QA report (unit, both texts, kind, severity, detail, review)."""
    if output and not fmt:
        fmt = Path(output).suffix.lower().lstrip(".")
        if fmt == "htm":
            fmt = "html"
        if fmt not in FORMATS:
            raise BadInput(f"-o {output}: say which report with --format csv or --format html")
    if not fmt:
        return run_check(ctx, target)
    if not output:
        raise BadInput("--format needs -o FILE (where the QA report goes)")
    doc_id, title, findings, texts = collect(ctx, target)
    data = render_report(fmt, findings, texts, title).encode("utf-8")
    out = Path(output)
    if not out.parent.exists():
        raise BadInput(f"-o {output}: no such folder {out.parent}")
    # write beside, then rename: a reader never sees half a report
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(out)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise BadInput(f"-o {output}: cannot write ({e.strerror})") from None
    return {"path": str(out), "format": fmt, "bytes": len(data), "doc_id": doc_id, "summary": summary(findings)}
