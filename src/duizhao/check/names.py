"""Names: people, places and organisations through the shared glossary (lang/glossary.py).

A known name on one side whose entity is absent from the other side, with no hint of it either
(a demonym such as Russian, a one-character abbreviation such as 俄), gets a warning. When each side
has exactly one such unexplained name of the same type (习近平 on one side, Putin on the other), one was
put in the other's place → error.
"""

from __future__ import annotations

from ..lang.glossary import load
from ..model import Finding

_TYPES = {"person", "org", "country", "city", "place"}
# Places are often rendered by metonymy or pronoun (北京 → China, 该国 → it): only substitutions count.
_WARN_TYPES = {"person", "org"}


def check_names(unit_id: str, zh: str, en: str) -> list[Finding]:
    g = load()
    mz = [m for m in g.find_mentions(zh, "zh") if g.entity(m[0]).type in _TYPES]
    me = [m for m in g.find_mentions(en, "en") if g.entity(m[0]).type in _TYPES]
    if not mz and not me:
        return []
    ids_z = {m[0] for m in mz}
    ids_e = {m[0] for m in me}
    only_z = [m for m in _first(mz) if m[0] not in ids_e and not g.weak_present(m[0], en)]
    only_e = [m for m in _first(me) if m[0] not in ids_z and not g.weak_present(m[0], zh)]
    out: list[Finding] = []
    used: set[str] = set()
    for typ in ("person", "org", "country", "city", "place"):
        zs = [m for m in only_z if g.entity(m[0]).type == typ]
        es = [m for m in only_e if g.entity(m[0]).type == typ]
        # one unexplained name on each side is a substitution; for people, any unexplained pair is
        # (a second person is rarely dropped while another, unnamed in the source, is added)
        if zs and es and (typ == "person" or len(zs) == len(es) == 1):
            for z, e in zip(zs, es, strict=False):
                out.append(
                    Finding(
                        "entity",
                        "error",
                        unit_id,
                        z[1],
                        e[1],
                        f"zh {z[1]} ({g.entity(z[0]).en}) ≠ en {e[1]} ({g.entity(e[0]).en})",
                    )
                )
                used |= {z[0], e[0]}
    # the unexplained names left over: a name missing from the other side
    for side, missing in (("zh", only_z), ("en", only_e)):
        for m in missing:
            if m[0] in used or g.entity(m[0]).type not in _WARN_TYPES:
                continue
            ent = g.entity(m[0])
            gloss, other = (ent.en, "English") if side == "zh" else (ent.zh, "Chinese")
            zh_text, en_text = (m[1], None) if side == "zh" else (None, m[1])
            msg = f"{side} {m[1]} ({gloss}) is not named in the {other}"
            out.append(Finding("entity", "warning", unit_id, zh_text, en_text, msg))
    return out


def _first(ms: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    seen: set[str] = set()
    out = []
    for m in ms:
        if m[0] not in seen:
            seen.add(m[0])
            out.append(m)
    return out
