"""HTML pages: the article only, as blocks (headings, paragraphs, bullets, numbered items, table cells).

Two views of the page are combined:
- trafilatura says which text is the article (it is good at dropping menus, share bars, footers and
  cookie banners, but also drops bylines and other short lines it takes for page furniture);
- a walk of the DOM gives every block of the page in order with its structure (h1-h6, ul/ol nesting,
  ol numbering), skipping obvious chrome (nav/aside/footer, share/cookie/newsletter/… classes, hidden
  elements, link lists).
A walked block is kept when trafilatura kept its text, or when it sits inside the article container
trafilatura chose and does not look like chrome (mostly links). So the structure comes from the DOM,
the choice of content mostly from trafilatura, and short lines it drops inside the article come back.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import BadInput
from . import Block, Source, register

HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements whose content is one block of inline text (split at <br>).
TEXT_BLOCKS = {"p", "blockquote", "pre", "dd", "dt", "figcaption", "caption", "address", "td", "th", "summary"}
CONTAINERS = {
    "div", "section", "article", "main", "body", "html", "table", "tbody", "thead", "tfoot", "tr", "dl",
    "figure", "center", "details", "hgroup", "ul", "ol", "li", "header",
}
BLOCK_LEVEL = HEADINGS | TEXT_BLOCKS | CONTAINERS | {"hr", "form", "nav", "aside", "footer", "menu"}
# Never content: scripts, forms, site navigation.
SKIP_TAGS = {
    "script", "style", "noscript", "template", "svg", "math", "nav", "aside", "footer", "form", "button",
    "select", "input", "textarea", "iframe", "object", "embed", "canvas", "menu", "dialog", "head", "title",
}
CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|sharebar|social|breadcrumbs?|cookies?|consent|gdpr|newsletter|subscribe|"
    r"subscription|signup|related|recommended|comments?|sidebar|widget|adverts?|advertisement|ads?|promo|"
    r"downloads?|toolbar|pagination|pager|feedback|popup|modal|skip-link|back-to-top|to-top|totop|"
    r"sr-only|visually-hidden|screen-reader-text|navbar|nav|menu|site-footer|footer|masthead)"
    r"(?:$|[\s_-])",
    re.I,
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
MAX_LINK_DENSITY = 0.5  # a block whose text is mostly links is navigation, unless trafilatura kept it


@dataclass
class _Candidate:
    block: Block
    element: object  # the lxml element the block came from
    link_chars: int


# ---------------------------------------------------------------- sniffing and decoding


def _score(path: str, data: bytes) -> float:
    if data.startswith((b"%PDF-", b"PK\x03\x04")):
        return 0.0
    head = _ascii_head(data)
    ext = Path(path).suffix.lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return 0.9
    if ext in HTML_EXTENSIONS:
        return 0.85
    if b"<html" in head or (b"<body" in head and b"</" in head):
        return 0.7
    return 0.0


def _ascii_head(data: bytes) -> bytes:
    """The first bytes as lowercase ASCII, also for UTF-16 pages (BOM or not) and after a UTF-8 BOM."""
    head = data[:4096]
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[2:].decode(enc, "ignore").encode("ascii", "ignore").lstrip().lower()
    if head[1:2] == b"\x00" or head[0:1] == b"\x00":
        return head.replace(b"\x00", b"").lstrip().lower()
    return head.removeprefix(codecs.BOM_UTF8).lstrip().lower()


def decode_html(data: bytes, encoding: str | None, name: str) -> tuple[str, str]:
    """Given encoding, else BOM, else the declared charset (meta or XML prolog), else detection."""
    from . import text

    if encoding:
        return text.decode(data, encoding, name)
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return text.decode(data, None, name)
    head = data[:4096]
    m = META_CHARSET.search(head) or XML_ENCODING.search(head)
    if m:
        declared = m.group(1).decode("ascii").lower()
        try:
            return text.decode(data, declared, name)
        except BadInput:
            pass  # a wrong declaration is common: let detection decide
    return text.decode(data, None, name)


# ---------------------------------------------------------------- the DOM walk


def _tag(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""  # comments, processing instructions
    return tag.rsplit("}", 1)[-1].lower()


def _is_chrome(el) -> bool:
    tag = _tag(el)
    if not tag or tag in SKIP_TAGS:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    if el.get("role") in ("navigation", "banner", "contentinfo", "complementary", "search", "dialog"):
        return True
    if tag == "header" and not any(_tag(a) in ("article", "main") for a in el.iterancestors()):
        return True  # the site's header (logo, menu); an article's own <header> holds its title
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(names.strip()) and bool(CHROME_CLASS.search(names))


def _inline_text(el, skip_lists: bool = False) -> tuple[str, int]:
    """Text of an element with <br> as a newline, skipping chrome inside; also the characters in links."""
    parts: list[str] = []
    link_chars = 0

    def visit(node, in_link: bool) -> None:
        nonlocal link_chars
        if node.text:
            parts.append(node.text)
            if in_link:
                link_chars += len(node.text.strip())
        for child in node:
            tag = _tag(child)
            if tag == "br":
                parts.append("\n")
            elif tag and not _is_chrome(child) and tag != "img" and not (skip_lists and tag in ("ul", "ol")):
                if tag in BLOCK_LEVEL:
                    parts.append("\n")
                visit(child, in_link or tag == "a")
                if tag in BLOCK_LEVEL:
                    parts.append("\n")
            if child.tail:
                parts.append(child.tail)
                if in_link:
                    link_chars += len(child.tail.strip())

    visit(el, _tag(el) == "a")
    return "".join(parts), link_chars


def _has_block_child(el) -> bool:
    return any(_tag(c) in BLOCK_LEVEL for c in el.iterdescendants() if not _is_chrome(c))


def _text_blocks(el, raw: str, link_chars: int, out: list[_Candidate]) -> None:
    from .text import lines_to_blocks

    # Typed markers ("• x", "一、x") in running text become bullets/items, as in the plain-text reader.
    density = link_chars / max(len("".join(raw.split())), 1)
    for block in lines_to_blocks([line.strip() for line in raw.split("\n")]):
        out.append(_Candidate(block, el, round(density * len(block.text))))


def _walk(el, out: list[_Candidate], depth: int) -> None:
    """Append the blocks of `el` in reading order; `depth` is the list nesting depth."""
    from .text import normalize_space

    if _is_chrome(el):
        return
    tag = _tag(el)
    if tag in HEADINGS:
        raw, links = _inline_text(el)
        text = normalize_space(raw.replace("\n", " "))
        if text:
            out.append(_Candidate(Block(text, "heading", int(tag[1]) - 1), el, links))
        return
    if tag in ("ul", "ol"):
        _walk_list(el, out, depth)
        return
    if tag in TEXT_BLOCKS and not _has_block_child(el):
        raw, links = _inline_text(el)
        _text_blocks(el, raw, links, out)
        return
    # A container: runs of inline content between block children are paragraphs of their own.
    buffer: list[str] = [el.text or ""]
    links = 0
    for child in el:
        ctag = _tag(child)
        if ctag in BLOCK_LEVEL or (ctag and _is_chrome(child)):
            _flush(el, buffer, links, out)
            _walk(child, out, depth)
            buffer, links = [child.tail or ""], 0
        else:
            if ctag == "br":
                buffer.append("\n")
            elif ctag and ctag != "img":
                text, child_links = _inline_text(child)
                buffer.append(text)
                links += len(text.strip()) if ctag == "a" else child_links
            buffer.append(child.tail or "")
    _flush(el, buffer, links, out)


def _flush(el, buffer: list[str], links: int, out: list[_Candidate]) -> None:
    raw = "".join(buffer)
    if raw.strip():
        _text_blocks(el, raw, links, out)


def _walk_list(el, out: list[_Candidate], depth: int) -> None:
    from .text import normalize_space

    ordered = _tag(el) == "ol"
    try:
        number = int(el.get("start") or 1)
    except ValueError:
        number = 1
    for li in el:
        if _tag(li) != "li" or _is_chrome(li):
            continue
        if li.get("value", "").strip().isdigit():
            number = int(li.get("value"))
        # The item's own text is everything but its nested lists, which follow one level deeper.
        raw, links = _inline_text(li, skip_lists=True)
        text = normalize_space(raw.replace("\n", " "))
        if text:
            if ordered:
                out.append(_Candidate(Block(text, "item", depth, f"{number}."), li, links))
            else:
                out.append(_Candidate(Block(text, "bullet", depth), li, links))
        number += 1
        for sub in _child_lists(li):
            _walk_list(sub, out, depth + 1)


def _child_lists(li) -> list:
    """The lists inside an item that are not inside another list of that item."""
    found = []
    for node in li.iterdescendants("ul", "ol"):
        between = []
        for a in node.iterancestors():
            if a is li:
                break
            between.append(a)
        if not any(_tag(a) in ("ul", "ol") or _is_chrome(a) for a in between):
            found.append(node)
    return found


def _inside(node, root) -> bool:
    return any(a is root for a in node.iterancestors())


# ---------------------------------------------------------------- trafilatura's choice


def _trafilatura_texts(html_text: str) -> list[str]:
    """Normalized texts of the blocks trafilatura keeps (empty when it finds nothing)."""
    import trafilatura
    from lxml import etree

    from .text import normalize_space

    xml = trafilatura.extract(
        html_text,
        output_format="xml",
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        favor_recall=True,  # we re-check what it keeps; losing article lines is the worse error
        deduplicate=False,  # bilingual pages repeat short lines ("PDF", names) legitimately
        with_metadata=False,
    )
    if not xml:
        return []
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, huge_tree=True))
    if root is None:
        return []
    texts: list[str] = []
    for el in root.iter("p", "head", "item", "cell", "quote", "code"):
        parts = [el.text or ""]
        for child in el:
            if child.tag in ("lb",):
                parts.append("\n")
            elif child.tag not in ("list", "p", "item", "table"):
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        for line in "".join(parts).split("\n"):
            text = normalize_space(line)
            if text:
                texts.append(text)
    return texts


def _common_ancestor(elements: list) -> object | None:
    if not elements:
        return None
    chains = [[el, *el.iterancestors()][::-1] for el in elements]
    common = None
    for level in zip(*chains, strict=False):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    return common


def _main_container(body) -> object:
    for xpath in ("//main", "//article", "//*[@role='main']"):
        found = body.xpath(xpath)
        if found:
            return max(found, key=lambda el: len(el.text_content()))
    return body


def _strip_marker(text: str) -> str:
    from .text import ITEM_RE

    m = ITEM_RE.match(text)
    return m.group("text").strip() if m else text


def extract_blocks(html_text: str) -> list[Block]:
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html_text)
    except (ValueError, lxml.etree.ParserError):
        return []
    body = doc.find("body")
    if body is None:
        body = doc
    candidates: list[_Candidate] = []
    _walk(body, candidates, 0)
    if not candidates:
        return []
    kept = set(_trafilatura_texts(html_text))
    # trafilatura writes an <ol> item without its number and a typed "1. x" paragraph with it.
    kept |= {_strip_marker(t) for t in kept}
    matched = [c for c in candidates if c.block.text in kept]
    matched_chars = sum(len(c.block.text) for c in matched)
    total_chars = sum(len(c.block.text) for c in candidates)
    if matched and matched_chars >= 0.2 * min(total_chars, sum(len(t) for t in kept)):
        root = _common_ancestor([c.element for c in matched])
        if root is None or _tag(root) in ("html", "body"):
            root = _main_container(body)
    else:
        # trafilatura found nothing usable (tiny or unusual page): the main element minus chrome.
        matched, root = [], _main_container(body)
    matched_ids = {id(c) for c in matched}
    out: list[Block] = []
    for c in candidates:
        if id(c) in matched_ids:
            out.append(c.block)
        elif (c.element is root or _inside(c.element, root)) and c.link_chars <= MAX_LINK_DENSITY * len(c.block.text):
            out.append(c.block)
    return out


@register(_score)
def read_html(path: str, data: bytes, encoding: str | None = None) -> Source:
    name = Path(path).name
    html_text, used = decode_html(data, encoding, name)
    blocks = extract_blocks(html_text)
    if not blocks:
        raise BadInput(f"{name}: no readable text in this HTML page")
    return Source(path=path, format="html", blocks=blocks, encoding=used)
