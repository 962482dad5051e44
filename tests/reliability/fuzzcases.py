"""Hostile files for the readers and layout parsers: seed bytes, builders of valid files in every format,
and mutations (bit flips, truncation, splices, wrong encodings, huge lines, deep nesting, zip- and
xref-level damage). Shared by test_fuzz_files.py (a few hundred cases) and bench/reliability.py (10,000+).

`run_case(name, data)` is the contract under test: the pipeline's parse either returns a Document or
raises duizhao's own error with a one-line message; anything else is a crash, running into the parse
time limit is a hang.
"""

from __future__ import annotations

import io
import json
import random
import re
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
OWN_FIXTURES = [REPO / "tests" / "fixtures", REPO / "demo", REPO / "tests" / "web" / "fixtures"]
EXTENSIONS = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
HANG_SECONDS = 60.0  # the pipeline's own default limit: a parse that reaches it counts as a hang

# Our own bilingual sentences for the builders (never the seeds: those stay in ../shared).
ZH = [
    "二〇二四年五月,两国元首在北京会晤。",
    "双边贸易额达到2401.1亿美元,同比增长26.3%。",
    "“西伯利亚力量”管道于2019年12月2日投产。",
    "这份样本文件由测试团队撰写。",
]
EN = [
    "In May 2024 the two heads of state met in Beijing.",
    "Bilateral trade reached 240.11 billion dollars, up 26.3% year on year.",
    "The Power of Siberia pipeline began operating on December 2, 2019.",
    "This sample file was written by the test team.",
]


@dataclass
class Outcome:
    kind: str  # ok | refused | crash | hang
    detail: str = ""
    seconds: float = 0.0


def run_case(name: str, data: bytes) -> Outcome:
    """Parse like ingest does (read → layout → alignment) and classify what happened."""
    from duizhao import read
    from duizhao.errors import DuizhaoError
    from duizhao.pipeline import parse_data

    start = time.monotonic()
    saved = read.PARSE_SECONDS
    read.PARSE_SECONDS = HANG_SECONDS
    try:
        doc = parse_data(name, data)
    except DuizhaoError as e:
        message = str(e)
        took = time.monotonic() - start
        if "took longer than" in message:
            return Outcome("hang", f"{name}: {message}", took)
        if not message.strip() or "\n" in message or len(message) > 600:
            return Outcome("crash", f"{name}: message not one short line: {message[:200]!r}", took)
        return Outcome("refused", message, took)
    except RecursionError as e:  # the most likely escape: deep nesting
        return Outcome("crash", f"{name}: RecursionError {e}"[:300], time.monotonic() - start)
    except Exception as e:  # noqa: BLE001 - that is what we are looking for
        return Outcome("crash", f"{name}: {type(e).__name__}: {e}"[:300], time.monotonic() - start)
    finally:
        read.PARSE_SECONDS = saved
    took = time.monotonic() - start
    problem = document_problem(doc)
    return Outcome("crash", f"{name}: {problem}", took) if problem else Outcome("ok", f"{len(doc.units)} units", took)


def document_problem(doc) -> str | None:
    """What storing or showing this Document would trip over (None when it is sound)."""
    if not doc.id or not doc.units:
        return "document without id or units"
    try:
        text = json.dumps(doc.to_dict(), ensure_ascii=False)
        text.encode("utf-8")  # lone surrogates would fail here, i.e. in the library
    except (TypeError, ValueError, UnicodeError) as e:
        return f"document not storable as JSON/UTF-8: {e}"
    if "\x00" in text or "\\u0000" in text:
        return "NUL character in the document (PostgreSQL text refuses it)"
    for u in doc.units:
        if not (u.zh or u.en):
            return f"empty unit {u.id}"
    return None


# ---------------------------------------------------------------- seed files


@lru_cache(maxsize=1)
def seed_texts() -> tuple[tuple[str, bytes], ...]:
    """(name, bytes) of the real seeds (when ../shared is there) and the repo's own fixtures."""
    out: list[tuple[str, bytes]] = []
    if SEEDS.is_dir():
        out += [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    for folder in OWN_FIXTURES:
        if folder.is_dir():
            out += [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()]
    out.append(("own_interleaved.txt", own_text().encode("utf-8")))
    return tuple(out)


def own_text() -> str:
    lines = ["Sample Report", "样本报告", ""]
    for zh, en in zip(ZH, EN, strict=True):
        lines += [en, "", zh, ""]
    return "\n".join(lines)


def decoded(data: bytes) -> str:
    for enc in ("utf-8-sig", "utf-16", "big5", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def paragraphs(data: bytes, limit: int = 60) -> list[str]:
    return [line.strip() for line in decoded(data).splitlines() if line.strip()][:limit]


def html_of(lines: list[str], title: str = "Test") -> bytes:
    from html import escape

    body = "\n".join(f"<p>{escape(line)}</p>" for line in lines)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Share Print</footer></body></html>"
    ).encode()


def docx_of(lines: list[str]) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(lines[0] if lines else "Title", level=1)
    for i, line in enumerate(lines[1:]):
        style = "List Bullet" if i % 7 == 3 else ("List Number" if i % 7 == 5 else None)
        d.add_paragraph(line, style=style)
    t = d.add_table(rows=1, cols=2)
    t.rows[0].cells[0].text = ZH[0]
    t.rows[0].cells[1].text = EN[0]
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def pdf_of(lines: list[str]) -> bytes:
    """A small, valid one-font PDF written by hand (Latin text only: Helvetica has no Chinese)."""
    ascii_lines = [re.sub(r"[^\x20-\x7e]", "", line)[:90] for line in lines]
    ascii_lines = [line for line in ascii_lines if line.strip()][:40] or EN
    ops = ["BT", "/F1 11 Tf", "14 TL", "50 800 Td"]
    for line in ascii_lines:
        esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({esc}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",  # noqa: E501
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@lru_cache(maxsize=1)
def weasy_pdf() -> bytes | None:
    """A real bilingual PDF (CJK fonts, several pages) from WeasyPrint, when it works on this machine."""
    try:
        from weasyprint import HTML
    except Exception:  # noqa: BLE001 - optional: the hand-made PDF still covers the reader
        return None
    lines = []
    for _ in range(12):
        lines += [*EN, *ZH]
    try:
        return HTML(string=html_of(lines, "Sample Report 样本报告").decode("utf-8")).write_pdf()
    except Exception:  # noqa: BLE001
        return None


@lru_cache(maxsize=1)
def base_files() -> tuple[tuple[str, bytes], ...]:
    """Valid files in every format, built from the seeds and fixtures."""
    out: list[tuple[str, bytes]] = list(seed_texts())
    for name, data in seed_texts()[:6]:
        lines = paragraphs(data)
        stem = Path(name).stem
        out.append((stem + ".html", html_of(lines, lines[0] if lines else stem)))
        out.append((stem + ".docx", docx_of(lines)))
        out.append((stem + ".pdf", pdf_of(lines)))
    pdf = weasy_pdf()
    if pdf:
        out.append(("weasy.pdf", pdf))
    return tuple(out)


# ---------------------------------------------------------------- mutations


def flip_bytes(data: bytes, rnd: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rnd.randint(1, max(1, len(b) // 200 + 1))):
        if b:
            b[rnd.randrange(len(b))] = rnd.randrange(256)
    return bytes(b)


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(1, max(2, len(data)))]


def splice(data: bytes, rnd: random.Random) -> bytes:
    """Insert random bytes, or repeat or drop a slice."""
    if not data:
        return bytes(rnd.randrange(256) for _ in range(32))
    i, j = sorted(rnd.randrange(len(data)) for _ in range(2))
    op = rnd.randrange(3)
    if op == 0:
        return data[:i] + rnd.randbytes(rnd.randint(1, 64)) + data[i:]
    if op == 1:
        return data[:j] + data[i:j] * rnd.randint(2, 20) + data[j:]
    return data[:i] + data[j:]


WRONG_ENCODINGS = (
    "utf-16-le",
    "utf-16-be",
    "utf-16",
    "gb18030",
    "big5",
    "cp1252",
    "shift_jis",
    "euc-kr",
    "utf-32",
    "koi8-r",
)


def reencode(data: bytes, rnd: random.Random) -> bytes:
    """The same text in another encoding (characters it lacks replaced), sometimes with a lying BOM."""
    text = decoded(data)
    enc = rnd.choice(WRONG_ENCODINGS)
    out = text.encode(enc, "replace")
    if rnd.random() < 0.3:
        out = rnd.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"]) + out
    return out


def huge_line(data: bytes, rnd: random.Random) -> bytes:
    unit = rnd.choice([b"word ", "中文".encode(), b"x", b"\xe3\x80\x80", b"1.", b"\t", b"- ", b"<b>", "。".encode()])
    line = unit * rnd.randint(10_000, 400_000)
    at = rnd.randrange(len(data) + 1)
    return data[:at] + b"\n" + line + b"\n" + data[at:]


def many_lines(data: bytes, rnd: random.Random) -> bytes:
    return b"\n" * rnd.randint(1000, 200_000) + data + rnd.choice([b"\r", b"\n", b"\r\n"]) * rnd.randint(1000, 100_000)


def control_chars(data: bytes, rnd: random.Random) -> bytes:
    text = decoded(data)
    chars = ["\x00", "\u202e", "\ufeff", "\u200b", "\x1b[31m", "\ud800", "\U0001f600", "\u0301" * 50, "\r"]
    pieces = list(text)
    for _ in range(rnd.randint(1, 40)):
        if pieces:
            pieces.insert(rnd.randrange(len(pieces)), rnd.choice(chars))
    return "".join(pieces).encode("utf-8", "surrogatepass")


def nest_html(data: bytes, rnd: random.Random) -> bytes:
    tag = rnd.choice(
        ["div", "ul><li", "ol><li", "table><tr><td", "blockquote", "span", "b", "section", "p", "a href='javascript:x'"]
    )
    close = "".join(f"</{t.split()[0]}>" for t in reversed(tag.split("><")))
    depth = rnd.choice([50, 300, 1000, 5000, 20000])
    inner = html_of(paragraphs(data, 20)).split(b"<article>")[-1].split(b"</article>")[0]
    return (
        b"<html><body>"
        + f"<{tag}>".encode() * depth
        + inner
        + close.encode() * rnd.choice([0, depth])
        + b"</body></html>"
    )


def html_garbage(data: bytes, rnd: random.Random) -> bytes:
    """Markup that parsers find awkward: unclosed tags, comments, CDATA, entities, scripts, odd charsets."""
    bits = [
        b"<!--",
        b"-->",
        b"<![CDATA[",
        b"]]>",
        b"&#0;",
        b"&#x110000;",
        b"&nbsp" * 100,
        b"<script>",
        b"</script>",
        b"<meta charset='x-unknown'>",
        b"<meta charset='utf-32'>",
        b"<svg><foreignObject>",
        b"<math>",
        b"<?xml version='1.0' encoding='ebcdic'?>",
        b"<ol start='99999999999999999999'>",
        b"<li value='-5'>",
        b"<ol start='abc'><li>x",
        b"<br>" * 500,
        b"<p hidden>",
        b"<template>",
        b"<plaintext>",
        b"<noscript>",
        b"\x00",
        b"<table>" * 100,
    ]
    out = bytearray(data)
    for _ in range(rnd.randint(1, 15)):
        at = rnd.randrange(len(out) + 1)
        out[at:at] = rnd.choice(bits)
    return bytes(out)


def zip_members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i, z.read(i.filename)) for i in z.infolist()]


def rezip(members: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, content in members:
            z.writestr(name, content)
    return buf.getvalue()


def mutate_docx(data: bytes, rnd: random.Random) -> bytes:
    """Damage a Word file at zip level or inside its XML."""
    try:
        members = [(i.filename, content) for i, content in zip_members(data)]
    except zipfile.BadZipFile:
        return flip_bytes(data, rnd)
    op = rnd.randrange(10)
    names = [n for n, _ in members]
    if op == 0:  # drop a member (document.xml, styles, numbering, content types, rels)
        victim = rnd.choice(names)
        members = [(n, c) for n, c in members if n != victim]
    elif op == 1:  # truncate or corrupt one member's XML
        k = rnd.randrange(len(members))
        n, c = members[k]
        members[k] = (n, truncate(c, rnd) if rnd.random() < 0.5 else flip_bytes(c, rnd))
    elif op == 2:  # deep nesting inside the body
        k = names.index("word/document.xml") if "word/document.xml" in names else 0
        n, c = members[k]
        depth = rnd.choice([100, 1000, 10000])
        nest = (
            b"<w:sdt><w:sdtContent>" * depth
            + b"<w:p><w:r><w:t>deep</w:t></w:r></w:p>"
            + b"</w:sdtContent></w:sdt>" * depth
        )
        members[k] = (n, c.replace(b"<w:body>", b"<w:body>" + nest, 1))
    elif op == 3:  # entity expansion (billion laughs) in the document
        k = names.index("word/document.xml") if "word/document.xml" in names else 0
        n, c = members[k]
        dtd = b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>'  # noqa: E501
        c = re.sub(rb"^(<\?xml[^>]*\?>)", lambda m: m.group(1) + dtd, c, count=1)
        members[k] = (n, c.replace(b"<w:t>", b"<w:t>&f;", 1))
    elif op == 4:  # external entity (XXE)
        k = names.index("word/document.xml") if "word/document.xml" in names else 0
        n, c = members[k]
        dtd = b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        c = re.sub(rb"^(<\?xml[^>]*\?>)", lambda m: m.group(1) + dtd, c, count=1)
        members[k] = (n, c.replace(b"<w:t>", b"<w:t>&x;", 1))
    elif op == 5:  # numbering with absurd values
        k = names.index("word/numbering.xml") if "word/numbering.xml" in names else None
        if k is not None:
            n, c = members[k]
            c = re.sub(
                rb'w:val="\d+"',
                lambda m: rb'w:val="' + rnd.choice([b"-1", b"99999999999999999999", b"x", b""]) + b'"',
                c,
            )
            members[k] = (n, c)
    elif op == 6:  # a zip bomb: one member that inflates enormously
        members.append(("word/media/bomb.bin", b"\x00" * rnd.choice([3, 30]) * 1024 * 1024))
    elif op == 7:  # style chain loop / odd styles
        k = names.index("word/styles.xml") if "word/styles.xml" in names else None
        if k is not None:
            n, c = members[k]
            members[k] = (n, c.replace(b'w:basedOn w:val="Normal"', b'w:basedOn w:val="Heading1"'))
    elif op == 8:  # a member name that escapes the archive, or duplicate members
        members.append(("../../evil.txt" if rnd.random() < 0.5 else names[0], b"evil"))
    else:  # stored instead of deflated, then bytes flipped
        return flip_bytes(rezip(members, zipfile.ZIP_STORED), rnd)
    return rezip(members)


def lying_zip_sizes(data: bytes, rnd: random.Random) -> bytes:
    """Patch the central directory so members declare huge (or tiny) uncompressed sizes."""
    out = bytearray(data)
    pos = 0
    while True:
        pos = out.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        size = rnd.choice([0, 1, 2**31 - 1, 300 * 1024 * 1024, 0xFFFFFFFF])
        struct.pack_into("<I", out, pos + 24, size)
        pos += 4
    return bytes(out)


def mutate_pdf(data: bytes, rnd: random.Random) -> bytes:
    """Break the xref, the trailer, stream lengths, or nest objects deeply."""
    op = rnd.randrange(8)
    if op == 0:  # xref offsets pointing anywhere
        return re.sub(rb"\d{10} 00000 n", lambda m: b"%010d 00000 n" % rnd.randrange(len(data) * 2), data)
    if op == 1:  # startxref wrong or missing
        return re.sub(
            rb"startxref\s+\d+", b"startxref\n" + str(rnd.choice([0, 1, 10**12, len(data) - 5])).encode(), data
        )
    if op == 2:
        return data.replace(b"xref", b"xrfe").replace(b"trailer", b"trailre")
    if op == 3:  # lying stream length
        return re.sub(rb"/Length \d+", b"/Length " + str(rnd.choice([0, 1, 10**9, -5])).encode(), data)
    if op == 4:  # deeply nested arrays/dictionaries
        depth = rnd.choice([100, 1000, 10000])
        return data.replace(b"/Count 1", b"/Count 1 /X " + b"[" * depth + b"]" * depth, 1)
    if op == 5:  # a Pages tree that refers to itself
        return data.replace(b"/Kids [3 0 R]", b"/Kids [2 0 R 3 0 R]", 1)
    if op == 6:  # compressed garbage stream
        junk = zlib.compress(rnd.randbytes(2000))
        return data.replace(b"/Length", b"/Filter /FlateDecode /Length", 1).replace(
            b"stream\n", b"stream\n" + junk[:50], 1
        )
    return truncate(data, rnd)


def random_bytes(rnd: random.Random) -> bytes:
    head = rnd.choice(
        [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe", b"{\\rtf1", b"\x89PNG\r\n"]
    )
    return head + rnd.randbytes(rnd.choice([1, 10, 100, 1000, 20000]))


MUTATIONS = {
    "flip": flip_bytes,
    "truncate": truncate,
    "splice": splice,
    "reencode": reencode,
    "huge_line": huge_line,
    "many_lines": many_lines,
    "control_chars": control_chars,
    "nest_html": nest_html,
    "html_garbage": html_garbage,
    "docx": mutate_docx,
    "zip_sizes": lying_zip_sizes,
    "pdf": mutate_pdf,
}
# Which mutations suit which format (others still run: a mutation that makes no sense is also input).
BY_FORMAT = {
    ".txt": ["flip", "truncate", "splice", "reencode", "huge_line", "many_lines", "control_chars"],
    ".md": ["flip", "truncate", "splice", "reencode", "huge_line", "control_chars"],
    ".html": ["flip", "truncate", "splice", "reencode", "nest_html", "html_garbage", "huge_line", "control_chars"],
    ".htm": ["nest_html", "html_garbage", "reencode"],
    ".docx": ["docx", "docx", "docx", "zip_sizes", "flip", "truncate", "splice"],
    ".pdf": ["pdf", "pdf", "pdf", "flip", "truncate", "splice"],
}


def mutate(op: str, data: bytes, rnd: random.Random) -> bytes:
    """Apply one mutation; a mutation that cannot work on already-damaged input (a zip that no longer
    opens) falls back to flipping bytes, so the generator itself never fails."""
    try:
        return MUTATIONS[op](data, rnd)
    except Exception:  # noqa: BLE001 - the generator's problem, not the parser's
        return flip_bytes(data, rnd)


def make_case(rnd: random.Random) -> tuple[str, bytes, str]:
    """One hostile file: (name, bytes, what was done) from a seeded random generator."""
    if rnd.random() < 0.08:
        ext = rnd.choice(EXTENSIONS)
        return f"random{ext}", random_bytes(rnd), "random bytes"
    name, data = rnd.choice(base_files())
    ext = Path(name).suffix.lower() or ".txt"
    ops = []
    for _ in range(rnd.choice([1, 1, 1, 2, 3])):
        op = rnd.choice(BY_FORMAT.get(ext, BY_FORMAT[".txt"]) if rnd.random() < 0.85 else list(MUTATIONS))
        data = mutate(op, data, rnd)
        ops.append(op)
    if rnd.random() < 0.1:  # the wrong extension for the content
        name = Path(name).stem + rnd.choice(EXTENSIONS)
        ops.append("renamed")
    return name, data, "+".join(ops)
