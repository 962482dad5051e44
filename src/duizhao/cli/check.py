"""`duizhao check TARGET`: translation QA of every bilingual unit (SPEC "check").

TARGET is tried as: an existing file — `.tmx` (translation memory), `.json` (a list of
{"id","zh","en"}), anything else a document file parsed like `parse`; otherwise a library id.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..check import check_document, check_pairs
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


def run_check(ctx: Any, target: str) -> dict[str, Any]:
    path = Path(target)
    findings: list[Finding]
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix == ".tmx":
            doc_id, findings = None, check_pairs(pairs_from_tmx(path))
        elif suffix == ".json":
            doc_id, findings = None, check_pairs(pairs_from_json(path))
        else:
            from ..pipeline import parse_file

            doc = parse_file(path)
            doc_id, findings = doc.id or None, check_document(doc)
    else:
        # Not a file here: a library id, id prefix or the file name a document was ingested from.
        try:
            doc = ctx.library().get_document(target)
        except NotFound:
            if path.suffix.lower() in (".tmx", ".json", ".txt", ".html", ".htm", ".md", ".docx", ".pdf"):
                raise BadInput(f"no such file: {target} (nor a document of that name in the library)") from None
            raise
        doc_id, findings = doc.id, with_reviews(check_document(doc), ctx.library().reviews(doc.id))
    return {"doc_id": doc_id, "findings": [f.to_dict() for f in findings], "summary": summary(findings)}


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


@command("check", human=render)
@click.argument("target")
def check(ctx: Any, target: str) -> dict[str, Any]:
    """Translation QA: numbers, dates, names, omissions of every bilingual unit in TARGET
    (a library id, a document file, a .tmx file or a .json list of {"id","zh","en"})."""
    return run_check(ctx, target)
