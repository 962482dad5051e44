"""Build, at test time, a Word, an HTML and a PDF version of a seed .txt (never stored in the repo).

Each variant carries the same content lines as the seed, in the same order, dressed the way that
format carries them in the wild:
- DOCX: metadata lines as Normal paragraphs, heading-like lines as Heading 2, "•" lines as List Bullet
  (glyph removed), indented numbered lines as List Number (number removed: Word numbers them, and each
  run restarts at its first number the way Word's "Restart numbering" does), NBSP kept.
- HTML: a site page with a <nav> menu, a share bar, a cookie banner and a <footer>; heading-like lines as
  <h2>, bullets as <ul>, numbered lines as <ol>; the seed's own chrome lines ("Return to the Library",
  the share links, "PDF"…) sit in the page's chrome elements.
- PDF: that page printed by WeasyPrint with a print stylesheet (chrome hidden) and running page headers
  and footers ("Page 3 of 9") that a reader must drop.

`content_lines(path)` gives the seed's lines a reader must find (chrome removed, glyph/marker removed,
whitespace normalized), for comparison with the blocks.

Importable from any test: tests/ is on sys.path (conftest), so `from read.variants import seed_to_pdf`.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

BULLET_RE = re.compile(r"^\s*[•●▪◦]\s*(?P<text>\S.*)$")
ITEM_RE = re.compile(r"^(?P<indent>\s*)(?P<num>\d{1,3})[.)]\s+(?P<text>\S.*)$")
SECTION_RE = re.compile(r"^(\d{1,2}\.|[一二三四五六七八九十]{1,3}、)\s*\S")
META_RE = re.compile(r"^[^\s/:：]{1,6}/[A-Za-z() ]{2,20}[:：]")
SENTENCE_END = tuple(".。!?！？」”\"…;；")
SPACES_RE = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")

# Site chrome that the seeds carry as text lines (the CSIS Interpret page of seed 002).
SEED_CHROME = {
    "Return to the Library",
    "FacebookTwitterLinkedInEmailPrintCopy Link",
    "Original text",
    "English text",
    "PDF",
    "See an error? Drop us a line at",
    "View the translated and original text side-by-side",
    "To top",
}
# Chrome the HTML variant adds around the article: none of it may come out of a reader.
ADDED_CHROME = [
    "Subscribe to our newsletter",
    "About Us",
    "Our Experts",
    "Events Calendar",
    "We use cookies to improve your experience",
    "Accept all cookies",
    "Copyright 2024 Center for Policy Translation. All rights reserved.",
    "Privacy Policy",
    "Terms of Use",
    "Share this page",
]
RUNNING_HEADER = "Center for Policy Translation | Interpret"


def norm(text: str) -> str:
    """Whitespace-normalized text (NBSP and full-width spaces → space), as blocks carry it."""
    return SPACES_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass
class Line:
    kind: str  # meta | heading | paragraph | bullet | item | chrome
    text: str  # without bullet glyph / item number; raw (NBSP kept)
    number: int | None = None


def classify(path: Path) -> list[Line]:
    out: list[Line] = []
    first = True
    for raw in path.read_text(encoding="utf-8").splitlines():
        stripped = raw.strip()
        if not norm(raw):
            continue
        if norm(raw) in SEED_CHROME:
            out.append(Line("chrome", norm(raw)))
            continue
        m = BULLET_RE.match(raw)
        if m:
            out.append(Line("bullet", m.group("text").rstrip()))
            continue
        m = ITEM_RE.match(raw)
        if m and m.group("indent"):
            out.append(Line("item", m.group("text").rstrip(), int(m.group("num"))))
            continue
        if META_RE.match(stripped):
            out.append(Line("meta", stripped))
        elif SECTION_RE.match(stripped) or (first or _heading_like(norm(raw))):
            out.append(Line("heading", stripped))
        else:
            out.append(Line("paragraph", stripped))
        first = False
    return out


def _heading_like(text: str) -> bool:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    limit = 30 if cjk > len(text) / 3 else 80
    return len(text) <= limit and not text.endswith(SENTENCE_END)


def content_lines(path: Path) -> list[str]:
    """The seed's non-chrome lines, normalized, without bullet glyphs or list numbers."""
    return [norm(line.text) for line in classify(path) if line.kind != "chrome" and norm(line.text)]


# ---------------------------------------------------------------- DOCX


def seed_to_docx(path: Path, out_dir: Path, headings: bool = True) -> Path:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    path, out_dir = Path(path), Path(out_dir)
    document = docx.Document()
    numbering = document.part.numbering_part.element
    list_number_num = int(document.styles["List Number"].element.pPr.numPr.numId.val)
    abstract_id = next(
        n.find(qn("w:abstractNumId")).get(qn("w:val"))
        for n in numbering.findall(qn("w:num"))
        if int(n.get(qn("w:numId"))) == list_number_num
    )
    next_num_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1

    previous = None
    for line in classify(path):
        if line.kind == "bullet":
            document.add_paragraph(line.text, style="List Bullet")
        elif line.kind == "item":
            p = document.add_paragraph(line.text, style="List Number")
            if previous != "item":
                # A new run of numbered items: a fresh w:num over the same list definition that restarts
                # at this run's first number, as Word writes "Restart numbering".
                num = OxmlElement("w:num")
                num.set(qn("w:numId"), str(next_num_id))
                ab = OxmlElement("w:abstractNumId")
                ab.set(qn("w:val"), abstract_id)
                num.append(ab)
                override = OxmlElement("w:lvlOverride")
                override.set(qn("w:ilvl"), "0")
                start = OxmlElement("w:startOverride")
                start.set(qn("w:val"), str(line.number or 1))
                override.append(start)
                num.append(override)
                numbering.append(num)
                run_num_id = next_num_id
                next_num_id += 1
            num_pr = OxmlElement("w:numPr")
            ilvl = OxmlElement("w:ilvl")
            ilvl.set(qn("w:val"), "0")
            num_id = OxmlElement("w:numId")
            num_id.set(qn("w:val"), str(run_num_id))
            num_pr.append(ilvl)
            num_pr.append(num_id)
            p._p.get_or_add_pPr().append(num_pr)
        elif line.kind == "heading" and headings:
            document.add_paragraph(line.text, style="Heading 2")
        else:
            document.add_paragraph(line.text)
        previous = line.kind
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / (path.stem + ".docx")
    document.save(str(out))
    return out


# ---------------------------------------------------------------- HTML

_PRINT_HIDDEN = (
    "nav, header.site, footer, .share-bar, .downloads, .feedback, .cookie-banner, .side-by-side, .to-top, aside"
)
_CSS = f"""
body {{ font-family: "WenQuanYi Micro Hei", sans-serif; font-size: 11pt; line-height: 1.5; }}
.cookie-banner {{ position: fixed; bottom: 0; }}
@media print {{ {_PRINT_HIDDEN} {{ display: none; }} }}
@page {{
  size: A4; margin: 2.2cm 2cm;
  @top-center {{ content: "{RUNNING_HEADER}"; font-family: "WenQuanYi Micro Hei"; font-size: 8pt; }}
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages); font-family: "WenQuanYi Micro Hei";
                   font-size: 8pt; }}
}}
"""


def _chrome_html(text: str) -> str:
    e = html.escape
    if text == "Return to the Library":
        return f'<nav class="breadcrumb"><a href="/interpret/library">{e(text)}</a></nav>'
    if text.startswith("Facebook"):
        links = "".join(
            f'<a class="share" href="#share-{n.lower().replace(" ", "-")}">{n}</a>'
            for n in ("Facebook", "Twitter", "LinkedIn", "Email", "Print", "Copy Link")
        )
        return f'<div class="share-bar">{links}</div>'
    if text in ("Original text", "English text"):
        return f'<div class="downloads"><span>{e(text)}</span></div>'
    if text == "PDF":
        return '<div class="downloads"><a href="/files/doc.pdf" class="download">PDF</a></div>'
    if text.startswith("See an error"):
        return f'<div class="feedback">{e(text)} <a href="mailto:editors@example.org">editors@example.org</a></div>'
    if text == "To top":
        return '<div class="to-top"><a href="#top">To top</a></div>'
    return f'<div class="side-by-side"><a class="button" href="#side-by-side">{e(text)}</a></div>'


def seed_html(path: Path) -> str:
    """The HTML page for a seed, as a string."""
    lines = classify(Path(path))
    e = html.escape
    title = next((line.text for line in lines if line.kind == "heading"), Path(path).stem)
    body: list[str] = []
    open_list: str | None = None
    h1_done = False
    for line in lines:
        kind = line.kind
        if open_list and kind not in ("bullet", "item") or (open_list == "ul" and kind == "item") or (
            open_list == "ol" and kind == "bullet"
        ):
            body.append(f"</{open_list}>")
            open_list = None
        if kind == "bullet":
            if not open_list:
                body.append("<ul>")
                open_list = "ul"
            body.append(f"<li>{e(line.text)}</li>")
        elif kind == "item":
            if not open_list:
                start = f' start="{line.number}"' if line.number and line.number != 1 else ""
                body.append(f"<ol{start}>")
                open_list = "ol"
            body.append(f"<li>{e(line.text)}</li>")
        elif kind == "heading":
            tag = "h2" if h1_done else "h1"
            h1_done = True
            body.append(f"<{tag}>{e(line.text)}</{tag}>")
        elif kind == "meta":
            body.append(f'<p class="meta">{e(line.text)}</p>')
        elif kind == "chrome":
            body.append(_chrome_html(line.text))
        else:
            body.append(f"<p>{e(line.text)}</p>")
    if open_list:
        body.append(f"</{open_list}>")
    menu = "".join(f'<li><a href="/{i}">{e(t)}</a></li>' for i, t in enumerate(ADDED_CHROME[1:4]))
    return f"""<!DOCTYPE html>
<html lang="zh">
<head><meta charset="utf-8"><title>{e(title)}</title><style>{_CSS}</style></head>
<body>
<header class="site"><a href="/" class="logo">CPT</a>
<nav class="main-menu"><ul>{menu}<li><a href="/subscribe">{ADDED_CHROME[0]}</a></li></ul></nav></header>
<div class="cookie-banner" id="cookie-consent"><p>{ADDED_CHROME[4]}.</p><button>{ADDED_CHROME[5]}</button></div>
<main>
<article class="post">
<div class="share-bar top"><span>{ADDED_CHROME[9]}</span>
<a href="#fb">Facebook</a> <a href="#tw">Twitter</a> <a href="#li">LinkedIn</a></div>
{chr(10).join(body)}
</article>
<aside class="related"><h3>Related</h3><ul><li><a href="/r1">More from Interpret</a></li></ul></aside>
</main>
<footer><p>{ADDED_CHROME[6]}</p>
<ul><li><a href="/privacy">{ADDED_CHROME[7]}</a></li><li><a href="/terms">{ADDED_CHROME[8]}</a></li></ul></footer>
</body>
</html>
"""


def seed_to_html(path: Path, out_dir: Path) -> Path:
    path, out_dir = Path(path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / (path.stem + ".html")
    out.write_text(seed_html(path), encoding="utf-8")
    return out


# ---------------------------------------------------------------- PDF


# A second typesetting: small pages, justified text, automatic hyphenation, indented paragraphs.
DENSE_CSS = """
body { font-size: 9.5pt; line-height: 1.35; text-align: justify; hyphens: auto; }
p { margin: 0; text-indent: 2em; }
@page { size: A5; margin: 1.5cm 1.4cm; }
"""


def seed_to_pdf(path: Path, out_dir: Path, dense: bool = False) -> Path:
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    path, out_dir = Path(path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / (path.stem + ("-dense" if dense else "") + ".pdf")
    page = seed_html(path)
    if dense:
        page = page.replace("</style>", DENSE_CSS + "</style>").replace('<html lang="zh">', '<html lang="en">')
    weasyprint.HTML(string=page, base_url=str(out_dir)).write_pdf(str(out))
    return out
