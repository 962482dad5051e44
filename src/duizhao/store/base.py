"""The library's operations, written once over a DB-API connection; backends supply the dialect.

Tables (see migrations.py): documents (metadata + JSON of the rest), units (one row per unit, the
current text and a version number), findings, corrections (what readers propose), history (every
change to a unit or to metadata: who, when, before, after — append-only), users, sessions.
Search and knowledge keep their own tables, filled through the hooks in `indexers`.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import BadInput, Conflict, DuizhaoError, NotFound
from ..model import Document, Finding, Sentence, Unit
from .lifecycle import Lifecycle, history_text
from .state import LibraryState

if TYPE_CHECKING:
    from ..search.index import SearchIndex

SIDES = ("zh", "en")
META_FIELDS = ("title_zh", "title_en", "authors", "source", "original_source", "published", "keywords")
LIST_FIELDS = ("id", "path", "title", "authors", "source", "published", "keywords")
# what Library._summary reads (and the sorts order by): never `data`, the whole stored document
def reading_only(indexers: list[Any] | None) -> list[Any]:
    """A library's indexers; None means it was opened without them (open_library(indexers=False)), and
    anything that would have to keep the search or knowledge tables in step is refused."""
    if indexers is None:
        raise DuizhaoError("this library was opened for reading documents only (without search and knowledge)")
    return indexers


SUMMARY_COLUMNS = "id, path, title_zh, title_en, authors, source, original_source, published, keywords, script, ingested_at, status"
# An untitled document's first unit, the headline titles.best_title falls back on (one row per document,
# read only for documents without a title)
_FIRST_UNIT = "(SELECT u.{col} FROM units u WHERE u.doc_id = documents.id ORDER BY u.ord LIMIT 1)"
HEADLINE_COLUMNS = ", ".join(
    f"CASE WHEN title_zh IS NULL AND title_en IS NULL THEN {_FIRST_UNIT.format(col=col)} END AS head_{col}"
    for col in ("kind", "zh", "en")
)

# (unit) -> (sentences, findings): re-analysis after a unit's text changes, supplied by the caller
# so that storage stays ignorant of alignment and checks.
Reanalyse = Callable[[Unit], tuple[list[Sentence], list[Finding]]]


class Indexer(Protocol):
    """What keeps its own tables in step with the documents (the search index, the knowledge layer):
    told of every write inside the writing transaction, and asked to tidy up after a batch. An
    indexer may also prepare a document's rows away from the library (a web upload's parse worker):
    index_context says what it needs from the library, prepare_index makes them (None: nothing to
    prepare), and index_document takes them as `prepared`."""

    __name__: str
    SQLITE_MIGRATIONS: list[tuple[str, str]]
    PG_MIGRATIONS: list[tuple[str, str]]

    def index_context(self, lib: Any) -> Any: ...

    def prepare_index(self, doc: Document, context: Any) -> Any: ...

    def index_document(self, lib: Any, cur: Any, doc: Document, prepared: Any = None) -> None: ...

    def reindex_units(self, lib: Any, cur: Any, doc_id: str, units: list[Unit]) -> None: ...

    def delete_document(self, lib: Any, cur: Any, doc_id: str) -> None: ...

    def maintain(self, lib: Any, force: bool = False) -> dict[str, Any] | None: ...


def _listed(filters: dict[str, Any]) -> dict[str, Any]:
    """Lists and counts show published documents unless asked for drafts or the trash ("all": any)."""
    status = filters.get("status") or "published"
    return {**filters, "status": None if status == "all" else status}


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _loads(value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, (list, dict)):
        return value
    return json.loads(value)


class Library(Lifecycle):
    """Common implementation; subclasses set `param` and implement `_connect`-level details."""

    param = "?"  # DB-API placeholder of the backend
    url: str

    # -- backend hooks -------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Any]:  # pragma: no cover - implemented by backends
        raise NotImplementedError
        yield

    def cursor(self) -> Any:  # pragma: no cover - implemented by backends
        raise NotImplementedError

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Several reads that belong together (a search): one snapshot where the backend has a cheap one."""
        yield

    def close(self) -> None:  # pragma: no cover - implemented by backends
        raise NotImplementedError

    def size_bytes(self) -> int:  # pragma: no cover - implemented by backends
        """How much room the library takes where it is stored (`duizhao stats`)."""
        raise NotImplementedError

    def own_files(self) -> list[str]:
        """The files this library lives in on this machine (none for a server database): ingest
        refuses them as input, since reading them outside the backend can break its locks."""
        return []

    def check_writable(self) -> None:
        """Refuse (BadInput, one line) when this process cannot take the library's write lock and
        write: `serve` checks it at start, so readers are not told later that their work was saved."""
        try:
            with self.transaction() as cur:
                cur.execute(self.q("SELECT COUNT(*) FROM migrations"))
        except DuizhaoError:
            raise
        except Exception as e:  # noqa: BLE001 - each backend's own error types
            raise BadInput(f"{self.url}: cannot write the library ({' '.join(str(e).split())[:200]})") from None

    @property
    def indexers(self) -> list[Indexer]:
        """Modules with index_document(lib, cur, doc[, prepared]) / reindex_units(lib, cur, doc_id, units) /
        delete_document(lib, cur, doc_id) / index_context(lib) / prepare_index(doc, context): the
        search index and the knowledge layer."""
        return []

    @property
    def search_index(self) -> SearchIndex:  # pragma: no cover - implemented by backends
        """The search index of this backend (search/index.py)."""
        raise NotImplementedError

    @functools.cached_property
    def state(self) -> LibraryState:
        """Everything kept between calls on this handle (store/state.py): made once, on first use."""
        return LibraryState()

    def q(self, sql: str) -> str:
        return sql if self.param == "?" else sql.replace("?", self.param)

    def fetch_all(self, cur: Any, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        cur.execute(self.q(sql), tuple(params))
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def fetch_one(self, cur: Any, sql: str, params: tuple | list = ()) -> dict[str, Any] | None:
        rows = self.fetch_all(cur, sql, params)
        return rows[0] if rows else None

    # -- documents -----------------------------------------------------------------------------
    def index_contexts(self) -> dict[str, Any]:
        """indexer module name → what its prepare_index(doc, context) needs from this library: a parse
        worker then prepares the index rows of a document (pipeline.prepare_upload) outside the server."""
        return {ix.__name__: ix.index_context(self) for ix in self.indexers}

    def add_document(
        self,
        doc: Document,
        findings: list[Finding] | None = None,
        source_path: str | None = None,
        status: str = "published",
        prepared: dict[str, Any] | None = None,
    ) -> str:
        """Store a parsed document with its findings in one transaction: 'ingested' or 'unchanged'.
        `prepared`: indexer module name → its prepare_index result for `doc` (made elsewhere). A draft
        is stored but not indexed (store/lifecycle.py): search and the knowledge layer see it when it
        is published."""
        if not doc.id:
            raise BadInput("document has no id")
        if status not in ("draft", "published"):
            raise BadInput(f"a new document is a draft or published, not {status!r}")
        with self.transaction() as cur:
            cur.execute(self.q("SELECT 1 FROM documents WHERE id = ?"), (doc.id,))
            if cur.fetchone():
                return "unchanged"
            data = doc.to_dict()
            extra = {k: v for k, v in data.items() if k not in ("units",)}
            cur.execute(
                self.q(
                    "INSERT INTO documents (id, path, source_path, title_zh, title_en, authors, source,"
                    " original_source, published, keywords, script, data, ingested_at, updated_at, status)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                ),
                (
                    doc.id,
                    doc.path,
                    source_path,
                    doc.title.get("zh"),
                    doc.title.get("en"),
                    json.dumps(doc.authors, ensure_ascii=False),
                    doc.source,
                    doc.original_source,
                    doc.published,
                    json.dumps(doc.keywords, ensure_ascii=False),
                    doc.script,
                    json.dumps(extra, ensure_ascii=False),
                    now(),
                    now(),
                    status,
                ),
            )
            # executemany: one round trip for all units (it matters on PostgreSQL over a socket).
            cur.executemany(
                self.q(
                    "INSERT INTO units (doc_id, unit_id, ord, kind, section, level, zh, en, sentences, version)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
                ),
                [
                    (
                        doc.id,
                        unit.id,
                        order,
                        unit.kind,
                        unit.section,
                        unit.level,
                        unit.zh,
                        unit.en,
                        json.dumps([s.to_dict() for s in unit.sentences], ensure_ascii=False),
                    )
                    for order, unit in enumerate(doc.units)
                ],
            )
            self._insert_findings(cur, doc.id, findings or [])
            for indexer in self.indexers if status == "published" else []:
                ready = (prepared or {}).get(indexer.__name__)
                if ready is None:
                    indexer.index_document(self, cur, doc)
                else:
                    indexer.index_document(self, cur, doc, ready)
        return "ingested"

    def _insert_findings(self, cur: Any, doc_id: str, findings: list[Finding]) -> None:
        if findings:
            cur.executemany(
                self.q("INSERT INTO findings (doc_id, unit_id, kind, severity, zh, en, detail) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                [(doc_id, f.unit_id, f.kind, f.severity, f.zh, f.en, f.detail) for f in findings],
            )

    def maintain(self, force: bool = False) -> dict[str, Any]:
        """After a batch of writes: each indexer tidies what it keeps (search: its champion lists).
        Returns what was done, by indexer; empty when nothing was due."""
        done: dict[str, Any] = {}
        for indexer in self.indexers:
            result = indexer.maintain(self, force)
            if result:
                done[indexer.__name__.rsplit(".", 1)[-1]] = result  # type: ignore[attr-defined] # a module
        return done

    def resolve_id(self, ref: str) -> str:
        """An id, a unique id prefix (≥ 4 characters) or a file name → the document id."""
        ref = (ref or "").strip()
        if not ref:
            raise BadInput("empty document id")
        cur = self.cursor()
        row = self.fetch_one(cur, "SELECT id FROM documents WHERE id = ?", (ref,))
        if row:
            return row["id"]
        if len(ref) >= 4 and all(c in "0123456789abcdef" for c in ref.lower()):
            rows = self.fetch_all(cur, "SELECT id FROM documents WHERE id LIKE ? LIMIT 2", (ref.lower() + "%",))
            if len(rows) == 1:
                return rows[0]["id"]
            if len(rows) > 1:
                raise BadInput(f"document id {ref!r} is ambiguous: give more characters")
        rows = self.fetch_all(cur, "SELECT id FROM documents WHERE path = ? LIMIT 2", (ref.rsplit("/", 1)[-1],))
        if len(rows) == 1:
            return rows[0]["id"]
        raise NotFound(f"no document {ref!r} in the library")

    def get_document(self, ref: str, units: tuple[int, int] | None = None) -> Document:
        """The stored document; `units=(first, count)` reads only those units by position (a page of
        a long document: the units' index on (doc_id, ord) makes that cost the page, not the whole)."""
        doc_id = self.resolve_id(ref)
        cur = self.cursor()
        row = self.fetch_one(cur, "SELECT * FROM documents WHERE id = ?", (doc_id,))
        if row is None:
            raise NotFound(f"no document {ref!r} in the library")
        data = _loads(row["data"], {})
        data.update(
            id=row["id"],
            path=row["path"],
            title={"zh": row["title_zh"], "en": row["title_en"]},
            authors=_loads(row["authors"], []),
            source=row["source"],
            original_source=row["original_source"],
            published=row["published"],
            keywords=_loads(row["keywords"], []),
            script=row["script"],
        )
        doc = Document.from_dict(data)
        if units is None:
            units_rows = self.fetch_all(cur, "SELECT * FROM units WHERE doc_id = ? ORDER BY ord", (doc_id,))
        else:
            first, count = max(0, int(units[0])), max(0, int(units[1]))
            units_rows = self.fetch_all(
                cur,
                "SELECT * FROM units WHERE doc_id = ? AND ord >= ? AND ord < ? ORDER BY ord",
                (doc_id, first, first + count),
            )
        doc.units = [
            Unit(
                id=u["unit_id"],
                kind=u["kind"],
                zh=u["zh"],
                en=u["en"],
                section=u["section"],
                level=u["level"] or 0,
                sentences=[Sentence.from_dict(s) for s in _loads(u["sentences"], [])],
            )
            for u in units_rows
        ]
        return doc

    def count_units(self, doc_id: str) -> int:
        row = self.fetch_one(self.cursor(), "SELECT COUNT(*) AS n FROM units WHERE doc_id = ?", (doc_id,))
        return int(row["n"]) if row else 0

    def unit_position(self, doc_id: str, unit_id: str) -> int | None:
        """The unit's place in its document (0 = first), None when there is no such unit."""
        row = self.fetch_one(self.cursor(), "SELECT ord FROM units WHERE doc_id = ? AND unit_id = ?", (doc_id, unit_id))
        return int(row["ord"]) if row else None

    def unit_versions(self, doc_id: str) -> dict[str, int]:
        rows = self.fetch_all(self.cursor(), "SELECT unit_id, version FROM units WHERE doc_id = ?", (doc_id,))
        return {r["unit_id"]: r["version"] for r in rows}

    def where_clause(self, filters: dict[str, Any], alias: str = "") -> tuple[str, list[Any]]:
        """(" WHERE …", parameters) selecting the documents that meet the metadata filters; `alias`:
        the name of the documents table in a join ("d" → d.source …)."""
        p = f"{alias}." if alias else ""
        clauses: list[str] = []
        params: list[Any] = []
        for key, value in filters.items():
            if value in (None, "", []):
                continue
            if key == "source":
                clauses.append(f"({p}source = ? OR {p}original_source = ?)")
                params += [value, value]
            elif key == "author":
                clauses.append(f"{p}authors LIKE ?")
                params.append(f"%{json.dumps(value, ensure_ascii=False)[1:-1]}%")
            elif key == "keyword":
                clauses.append(f"{p}keywords LIKE ?")
                params.append(f"%{json.dumps(value, ensure_ascii=False)[1:-1]}%")
            elif key == "year":
                clauses.append(f"{p}published LIKE ?")
                params.append(f"{int(value):04d}-%")
            elif key == "script":
                clauses.append(f"{p}script = ?")
                params.append(value)
            elif key == "date_from":
                clauses.append(f"{p}published >= ?")
                params.append(value)
            elif key == "date_to":
                clauses.append(f"{p}published <= ?")
                params.append(value)
            elif key == "status":
                clauses.append(f"{p}status = ?")
                params.append(value)
            elif key == "ids":
                clauses.append(f"{p}id IN ({', '.join('?' for _ in value)})")
                params += list(value)
            else:
                raise BadInput(f"unknown filter {key!r}")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    SORTS = {
        "published": "published IS NULL, published DESC, ingested_at DESC, id",
        "oldest": "published IS NULL, published ASC, ingested_at ASC, id",
        "title": "COALESCE(title_en, title_zh, path) ASC, id",
        "added": "ingested_at DESC, id",
    }

    def list_documents(self, limit: int | None = None, offset: int = 0, sort: str = "published", **filters: Any) -> list[dict[str, Any]]:
        """Documents newest first (by publication date, then by when they were added)."""
        if sort not in self.SORTS:
            raise BadInput(f"unknown sort {sort!r}: one of {', '.join(self.SORTS)}")
        where, params = self.where_clause(_listed(filters))
        # the summary's columns only: `data` holds the whole document (hundreds of KB for a long one)
        sql = f"SELECT {SUMMARY_COLUMNS}, {HEADLINE_COLUMNS} FROM documents{where} ORDER BY {self.SORTS[sort]}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        rows = self.fetch_all(self.cursor(), sql, params)
        return [self._summary(r) for r in rows]

    def count_documents(self, **filters: Any) -> int:
        where, params = self.where_clause(_listed(filters))
        row = self.fetch_one(self.cursor(), f"SELECT COUNT(*) AS n FROM documents{where}", params)
        return int(row["n"]) if row else 0

    def _summary(self, r: dict[str, Any]) -> dict[str, Any]:
        from ..titles import headline

        return {
            "headline": headline(r.get("head_kind"), r.get("head_zh"), r.get("head_en")),
            "id": r["id"],
            "path": r["path"],
            "title": {"zh": r["title_zh"], "en": r["title_en"]},
            "authors": _loads(r["authors"], []),
            "source": r["source"],
            "original_source": r["original_source"],
            "published": r["published"],
            "keywords": _loads(r["keywords"], []),
            "script": r["script"],
            "added": r["ingested_at"],
            "status": r["status"],
        }

    def facets(self, **filters: Any) -> dict[str, list[tuple[str, int]]]:
        """Counts per source, author, keyword, year and script among the filtered documents."""
        where, params = self.where_clause(_listed(filters))
        rows = self.fetch_all(self.cursor(), f"SELECT source, authors, keywords, published, script FROM documents{where}", params)
        counts: dict[str, dict[str, int]] = {k: {} for k in ("source", "author", "keyword", "year", "script")}

        def bump(facet: str, value: str | None) -> None:
            if value:
                counts[facet][value] = counts[facet].get(value, 0) + 1

        for r in rows:
            bump("source", r["source"])
            for a in _loads(r["authors"], []):
                bump("author", a)
            for k in _loads(r["keywords"], []):
                bump("keyword", k)
            bump("year", (r["published"] or "")[:4] or None)
            bump("script", r["script"])
        return {k: sorted(v.items(), key=lambda kv: (-kv[1], kv[0])) for k, v in counts.items()}

    # -- findings ------------------------------------------------------------------------------
    def findings(self, ref: str, units: tuple[int, int] | None = None) -> list[Finding]:
        """The stored findings of a document in reading order, each with its stable id and review;
        `units=(first, count)`: only those of the units at those positions (a page)."""
        from ..check.review import with_ids, with_reviews

        doc_id = self.resolve_id(ref)
        sql = (
            "SELECT f.kind, f.severity, f.unit_id, f.zh, f.en, f.detail, u.zh AS unit_zh, u.en AS unit_en"
            " FROM findings f LEFT JOIN units u ON u.doc_id = f.doc_id AND u.unit_id = f.unit_id"
            " WHERE f.doc_id = ?"
        )
        params: list[Any] = [doc_id]
        if units is not None:
            sql += " AND u.ord >= ? AND u.ord < ?"
            params += [max(0, int(units[0])), max(0, int(units[0])) + max(0, int(units[1]))]
        rows = self.fetch_all(self.cursor(), sql + " ORDER BY u.ord, f.id", params)
        texts = {r["unit_id"]: (r.pop("unit_zh"), r.pop("unit_en")) for r in rows}
        return with_reviews(with_ids([Finding(**r) for r in rows], texts, doc_id), self.reviews(doc_id))

    def reviews(self, doc_id: str) -> dict[str, dict[str, Any]]:
        """finding id → its review ({"status", "note", "by", "at"}) for one document."""
        rows = self.fetch_all(
            self.cursor(),
            "SELECT finding_id, status, note, reviewer, at FROM finding_reviews WHERE doc_id = ?",
            (doc_id,),
        )
        out = {r["finding_id"]: {"status": r["status"], "note": r["note"], "by": r["reviewer"], "at": r["at"]} for r in rows}
        for fid, log in self.review_log(doc_id).items():
            if fid in out and len(log) > 1:
                out[fid]["earlier"] = log[:-1]  # the log's last entry is the standing review itself
        return out

    def review_log(self, doc_id: str) -> dict[str, list[dict[str, Any]]]:
        """finding id → every review and withdrawal of it, oldest first ({"action", "note", "by", "at"})."""
        rows = self.fetch_all(
            self.cursor(),
            "SELECT finding_id, action, note, reviewer, at FROM finding_review_log WHERE doc_id = ? ORDER BY id",
            (doc_id,),
        )
        out: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            out.setdefault(r["finding_id"], []).append({"action": r["action"], "note": r["note"], "by": r["reviewer"], "at": r["at"]})
        return out

    def _log_review(self, cur: Any, doc_id: str, finding_id: str, unit_id: str, action: str, note: str, by: str, at: str) -> None:
        cur.execute(
            self.q(
                "INSERT INTO finding_review_log (doc_id, finding_id, unit_id, action, note, reviewer, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
            ),
            (doc_id, finding_id, unit_id, action, note, by, at),
        )

    def review_finding(self, doc_id: str, finding: Finding, note: str, by: str) -> dict[str, Any]:
        """Mark a finding correct as it stands (again: the standing note, reviewer and time are replaced;
        the earlier ones stay in the review log, shown as "earlier")."""
        if not finding.id:
            raise BadInput("this finding has no id to review")
        review = {"status": "accepted", "note": (note or "").strip()[:2000], "by": by, "at": now()}
        with self.transaction() as cur:
            cur.execute(self.q("SELECT 1 FROM documents WHERE id = ?"), (doc_id,))
            if not cur.fetchone():
                raise NotFound(f"no document {doc_id}")
            cur.execute(
                self.q(
                    "INSERT INTO finding_reviews (doc_id, finding_id, unit_id, status, note, reviewer, at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id, finding_id) DO UPDATE SET"
                    " status = excluded.status, note = excluded.note, reviewer = excluded.reviewer, at = excluded.at"
                ),
                (doc_id, finding.id, finding.unit_id, review["status"], review["note"], by, review["at"]),
            )
            self._log_review(cur, doc_id, finding.id, finding.unit_id, "accepted", review["note"], by, review["at"])
        return review

    def unreview_finding(self, doc_id: str, finding_id: str, by: str) -> bool:
        """Withdraw a review (the finding counts again; the review log keeps it); False when there was none."""
        with self.transaction() as cur:
            cur.execute(
                self.q("SELECT unit_id FROM finding_reviews WHERE doc_id = ? AND finding_id = ?"), (doc_id, finding_id)
            )
            row = cur.fetchone()
            if row is None:
                return False
            cur.execute(self.q("DELETE FROM finding_reviews WHERE doc_id = ? AND finding_id = ?"), (doc_id, finding_id))
            self._log_review(cur, doc_id, finding_id, row[0], "withdrawn", "", by, now())
            return True

    def attention(self, limit: int = 10) -> list[dict[str, Any]]:
        """Documents with error findings no editor has reviewed, most first: [{"id", "title", "errors"}]."""
        from ..check.review import with_ids

        rows = self.fetch_all(
            self.cursor(),
            "SELECT f.doc_id, f.kind, f.severity, f.unit_id, f.zh, f.en, f.detail, u.zh AS unit_zh, u.en AS unit_en"
            " FROM findings f LEFT JOIN units u ON u.doc_id = f.doc_id AND u.unit_id = f.unit_id"
            " WHERE f.severity = 'error' ORDER BY f.doc_id, u.ord, f.id",
        )
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            by_doc.setdefault(r.pop("doc_id"), []).append(r)
        reviewed = self.reviewed_ids()
        counts = []
        for doc_id, rs in by_doc.items():
            texts = {r["unit_id"]: (r.pop("unit_zh"), r.pop("unit_en")) for r in rs}
            done = reviewed.get(doc_id, set())
            n = sum(1 for f in with_ids([Finding(**r) for r in rs], texts, doc_id) if f.id not in done)
            if n:
                counts.append((n, doc_id))
        counts.sort(key=lambda c: (-c[0], c[1]))
        out = []
        for n, doc_id in counts[:limit]:
            row = self.fetch_one(self.cursor(), "SELECT title_zh, title_en, path FROM documents WHERE id = ?", (doc_id,))
            if row:
                title = row["title_en"] or row["title_zh"] or row["path"]
                out.append({"id": doc_id, "title": title, "errors": n})
        return out

    def reviewed_ids(self) -> dict[str, set[str]]:
        """doc id → the ids of its reviewed findings, for the whole library (the "needs attention" list)."""
        out: dict[str, set[str]] = {}
        for r in self.fetch_all(self.cursor(), "SELECT doc_id, finding_id FROM finding_reviews"):
            out.setdefault(r["doc_id"], set()).add(r["finding_id"])
        return out

    def finding_counts(self, doc_id: str) -> dict[str, int]:
        """severity → how many findings the document has."""
        rows = self.fetch_all(
            self.cursor(), "SELECT severity, COUNT(*) AS n FROM findings WHERE doc_id = ? GROUP BY severity", (doc_id,)
        )
        return {r["severity"]: int(r["n"]) for r in rows}

    # -- corrections and history ---------------------------------------------------------------
    def propose_correction(self, ref: str, unit_id: str, side: str, text: str, note: str = "", reporter: str = "reader") -> int:
        """A reader's report: stored as pending, never lost; the unit itself is unchanged."""
        if side not in SIDES:
            raise BadInput(f"side must be zh or en, not {side!r}")
        text = (text or "").strip()
        if not text:
            raise BadInput("the corrected text is empty")
        if len(text) > 20000 or len(note or "") > 5000:
            raise BadInput("correction too long")
        doc_id = self.resolve_id(ref)
        with self.transaction() as cur:
            unit = self.fetch_one(cur, "SELECT * FROM units WHERE doc_id = ? AND unit_id = ?", (doc_id, unit_id))
            if unit is None:
                raise NotFound(f"no unit {unit_id!r} in document {doc_id}")
            cur.execute(
                self.q(
                    "INSERT INTO corrections (doc_id, unit_id, side, old_text, new_text, note, reporter, status,"
                    " base_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id"
                ),
                (doc_id, unit_id, side, unit[side], text, note or "", reporter or "reader", unit["version"], now()),
            )
            return int(cur.fetchone()[0])

    def _corrections_where(self, status: str | None, doc_id: str | None) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if status:
            clauses.append("status = ?")
            params.append(status)
        if doc_id:
            clauses.append("doc_id = ?")
            params.append(self.resolve_id(doc_id))
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def corrections(
        self,
        status: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = False,
    ) -> list[dict[str, Any]]:
        """Corrections by id (oldest first unless `newest_first`); `limit`/`offset` give one page of
        them, so a flooded queue costs the editors' page one page, not the whole table."""
        where, params = self._corrections_where(status, doc_id)
        sql = "SELECT * FROM corrections" + where + " ORDER BY id" + (" DESC" if newest_first else "")
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), max(0, int(offset))]
        return self.fetch_all(self.cursor(), sql, params)

    def count_corrections(self, status: str | None = None, doc_id: str | None = None) -> int:
        where, params = self._corrections_where(status, doc_id)
        row = self.fetch_one(self.cursor(), "SELECT COUNT(*) AS n FROM corrections" + where, params)
        return int(row["n"]) if row else 0

    def correction(self, correction_id: int) -> dict[str, Any]:
        row = self.fetch_one(self.cursor(), "SELECT * FROM corrections WHERE id = ?", (int(correction_id),))
        if row is None:
            raise NotFound(f"no correction #{correction_id}")
        return row

    def apply_correction(self, correction_id: int, editor: str, reanalyse: Reanalyse | None = None) -> dict[str, Any]:
        """Apply a pending correction: the unit changes, its analysis is redone, history records it.

        The correction was made against one version of the unit; if the unit changed since then
        the editor gets a Conflict instead of silently overwriting the newer text.
        """
        with self.transaction() as cur:
            c = self._lock_correction(cur, correction_id)
            if c["status"] != "pending":
                raise Conflict(f"correction #{correction_id} is already {c['status']}")
            self._change_unit(cur, c["doc_id"], c["unit_id"], c["side"], c["new_text"], editor, c["base_version"], reanalyse, c["id"])
            cur.execute(
                self.q("UPDATE corrections SET status = 'applied', decided_by = ?, decided_at = ? WHERE id = ?"),
                (editor, now(), c["id"]),
            )
        return self.correction(correction_id)

    def reject_correction(self, correction_id: int, editor: str, reason: str = "") -> dict[str, Any]:
        with self.transaction() as cur:
            c = self._lock_correction(cur, correction_id)
            if c["status"] != "pending":
                raise Conflict(f"correction #{correction_id} is already {c['status']}")
            cur.execute(
                self.q("UPDATE corrections SET status = 'rejected', decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ?"),
                (editor, now(), reason or "", c["id"]),
            )
        return self.correction(correction_id)

    def _lock_correction(self, cur: Any, correction_id: int) -> dict[str, Any]:
        c = self.fetch_one(cur, "SELECT * FROM corrections WHERE id = ?" + self.row_lock, (int(correction_id),))
        if c is None:
            raise NotFound(f"no correction #{correction_id}")
        return c

    row_lock = ""  # PostgreSQL: " FOR UPDATE"

    def edit_unit(self, ref: str, unit_id: str, side: str, text: str, editor: str, base_version: int, reanalyse: Reanalyse | None = None) -> int:
        """An editor's direct edit; returns the unit's new version."""
        if side not in SIDES:
            raise BadInput(f"side must be zh or en, not {side!r}")
        doc_id = self.resolve_id(ref)
        with self.transaction() as cur:
            return self._change_unit(cur, doc_id, unit_id, side, text, editor, base_version, reanalyse, None)

    def _change_unit(
        self,
        cur: Any,
        doc_id: str,
        unit_id: str,
        side: str,
        text: str | None,
        editor: str,
        base_version: int | None,
        reanalyse: Reanalyse | None,
        correction_id: int | None,
    ) -> int:
        row = self.fetch_one(cur, "SELECT * FROM units WHERE doc_id = ? AND unit_id = ?" + self.row_lock, (doc_id, unit_id))
        if row is None:
            raise NotFound(f"no unit {unit_id!r} in document {doc_id}")
        if base_version is not None and int(row["version"]) != int(base_version):
            raise Conflict(
                f"unit {unit_id} of {doc_id} changed since this edit was made (version {base_version} → {row['version']}); reload and try again"
            )
        text = (text or "").strip() or None
        before = row[side]
        version = int(row["version"]) + 1
        # Optimistic update: the WHERE on version makes a concurrent writer lose cleanly.
        cur.execute(
            self.q(f"UPDATE units SET {side} = ?, version = ? WHERE doc_id = ? AND unit_id = ? AND version = ?"),
            (text, version, doc_id, unit_id, row["version"]),
        )
        if cur.rowcount != 1:
            raise Conflict(f"unit {unit_id} of {doc_id} was changed by someone else; reload and try again")
        cur.execute(
            self.q(
                "INSERT INTO history (doc_id, unit_id, field, before, after, editor, at, correction_id, version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            (doc_id, unit_id, side, before, text, editor, now(), correction_id, version),
        )
        unit = Unit(
            id=unit_id,
            kind=row["kind"],
            zh=text if side == "zh" else row["zh"],
            en=text if side == "en" else row["en"],
            section=row["section"],
            level=row["level"] or 0,
        )
        if reanalyse is not None:
            sentences, findings = reanalyse(unit)
            unit.sentences = sentences
            cur.execute(
                self.q("UPDATE units SET sentences = ? WHERE doc_id = ? AND unit_id = ?"),
                (json.dumps([s.to_dict() for s in sentences], ensure_ascii=False), doc_id, unit_id),
            )
            cur.execute(self.q("DELETE FROM findings WHERE doc_id = ? AND unit_id = ?"), (doc_id, unit_id))
            self._insert_findings(cur, doc_id, findings)
        cur.execute(self.q("UPDATE documents SET updated_at = ? WHERE id = ?"), (now(), doc_id))
        for indexer in self.indexers:
            indexer.reindex_units(self, cur, doc_id, [unit])
        return version

    def update_metadata(self, ref: str, changes: dict[str, Any], editor: str, version: int | None = None) -> Document:
        """Edit title, authors, source, date, keywords or address (url); each changed field goes into history.
        With `version` (the one the form was read at), Conflict if the document changed since: a form
        carries every field, so saving it over a newer edit would silently undo that edit."""
        doc_id = self.resolve_id(ref)
        editable = (*META_FIELDS, "url")
        unknown = set(changes) - set(editable)
        if unknown:
            raise BadInput(f"cannot edit {', '.join(sorted(unknown))}: editable fields are {', '.join(editable)}")
        with self.transaction() as cur:
            row = self.fetch_one(cur, "SELECT * FROM documents WHERE id = ?" + self.row_lock, (doc_id,))
            if row is None:
                raise NotFound(f"no document {ref!r}")
            self._check_version(cur, doc_id, version)
            if "url" in changes:
                # the address lives in the document's JSON, not a column (history rows: store.lifecycle.history_text)
                data = _loads(row["data"], {})
                url = changes.pop("url") or None
                if data.get("url") != url:
                    before, data["url"] = data.get("url"), url
                    cur.execute(self.q("UPDATE documents SET data = ? WHERE id = ?"), (json.dumps(data, ensure_ascii=False), doc_id))
                    self._history(cur, doc_id, "url", history_text(before), url, editor)
            for field, value in changes.items():
                stored = json.dumps(value, ensure_ascii=False) if field in ("authors", "keywords") else (value or None)
                if stored == row[field]:
                    continue
                self._set_field(cur, doc_id, field, row[field], stored, editor)
        doc = self.get_document(doc_id)
        with self.transaction() as cur:
            for indexer in self.indexers:
                indexer.reindex_units(self, cur, doc_id, doc.units)
        return doc

    def history(self, ref: str) -> list[dict[str, Any]]:
        doc_id = self.resolve_id(ref)
        return self.fetch_all(self.cursor(), "SELECT * FROM history WHERE doc_id = ? ORDER BY id", (doc_id,))

    # -- users and sessions --------------------------------------------------------------------
    def add_user(self, name: str, password_hash: str, editor: bool = False) -> None:
        if not name or len(name) > 64 or not name.replace("_", "").replace("-", "").replace(".", "").isalnum():
            raise BadInput("user names are 1–64 letters, digits, '.', '-' or '_'")
        with self.transaction() as cur:
            if self.fetch_one(cur, "SELECT name FROM users WHERE name = ?", (name,)):
                raise BadInput(f"user {name!r} exists already")
            cur.execute(
                self.q("INSERT INTO users (name, password_hash, editor, created_at) VALUES (?, ?, ?, ?)"),
                (name, password_hash, 1 if editor else 0, now()),
            )

    def set_password(self, name: str, password_hash: str, end_sessions: bool = True) -> None:
        """A new password; it ends the user's sessions (whoever knew the old one is signed out), unless
        `end_sessions` is False (the same password rehashed with new parameters at sign-in)."""
        with self.transaction() as cur:
            cur.execute(self.q("UPDATE users SET password_hash = ? WHERE name = ?"), (password_hash, name))
            if cur.rowcount != 1:
                raise NotFound(f"no user {name!r}")
            if end_sessions:
                cur.execute(self.q("DELETE FROM sessions WHERE user_name = ?"), (name,))

    def delete_user(self, name: str) -> int:
        """Remove an account and its sessions; returns how many live sessions ended. What the user
        wrote (corrections, history) keeps their name: it is the record of who did what."""
        with self.transaction() as cur:
            live = self._live_sessions(cur, name)
            cur.execute(self.q("DELETE FROM sessions WHERE user_name = ?"), (name,))
            cur.execute(self.q("DELETE FROM users WHERE name = ?"), (name,))
            if cur.rowcount != 1:
                raise NotFound(f"no user {name!r}")
        return live

    def user_sessions(self, name: str) -> list[dict[str, Any]]:
        """The user's live sessions (when each began and ends; the token itself is never stored)."""
        return self.fetch_all(
            self.cursor(),
            "SELECT created_at, expires_at FROM sessions WHERE user_name = ? AND expires_at > ? ORDER BY created_at",
            (name, now()),
        )

    def end_sessions(self, name: str) -> int:
        """Sign the user out everywhere; returns how many live sessions ended."""
        with self.transaction() as cur:
            live = self._live_sessions(cur, name)
            cur.execute(self.q("DELETE FROM sessions WHERE user_name = ?"), (name,))
        return live

    def _live_sessions(self, cur: Any, name: str) -> int:
        cur.execute(self.q("SELECT COUNT(*) FROM sessions WHERE user_name = ? AND expires_at > ?"), (name, now()))
        return int(cur.fetchone()[0])

    def get_user(self, name: str) -> dict[str, Any] | None:
        return self.fetch_one(self.cursor(), "SELECT * FROM users WHERE name = ?", (name,))

    def list_users(self) -> list[dict[str, Any]]:
        return self.fetch_all(self.cursor(), "SELECT name, editor, created_at FROM users ORDER BY name")

    def create_session(self, token_hash: str, user: str, csrf: str, expires_at: str) -> None:
        with self.transaction() as cur:
            cur.execute(
                self.q("INSERT INTO sessions (token_hash, user_name, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)"),
                (token_hash, user, csrf, now(), expires_at),
            )

    def get_session(self, token_hash: str) -> dict[str, Any] | None:
        return self.fetch_one(self.cursor(), "SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?", (token_hash, now()))

    def delete_session(self, token_hash: str) -> None:
        with self.transaction() as cur:
            cur.execute(self.q("DELETE FROM sessions WHERE token_hash = ? OR expires_at <= ?"), (token_hash, now()))

    # -- rate limits ---------------------------------------------------------------------------
    def take_attempt(self, keys: list[str] | tuple[str, ...], limit: int, window: float) -> bool:
        """Count one attempt against every key, then say whether all are still within `limit` attempts
        in their window (which opens with a key's first attempt and lasts `window` seconds).

        The count comes first, one UPSERT per key inside one transaction, so parallel requests cannot
        all pass a check before any of them is counted; and the counts are rows of the library, so
        every server process sees the same ones. Refused attempts count too (they change nothing:
        the window still closes when it would have).
        """
        at = time.time()
        allowed = True
        with self.transaction() as cur:
            cur.execute(self.q("DELETE FROM rate_limits WHERE expires <= ?"), (at,))
            for key in keys:
                cur.execute(
                    self.q(
                        "INSERT INTO rate_limits (key, hits, expires) VALUES (?, 1, ?)"
                        " ON CONFLICT (key) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits"
                    ),
                    (key, at + window),
                )
                allowed = int(cur.fetchone()[0]) <= limit and allowed
        return allowed

    def clear_attempts(self, keys: list[str] | tuple[str, ...]) -> None:
        with self.transaction() as cur:
            for key in keys:
                cur.execute(self.q("DELETE FROM rate_limits WHERE key = ?"), (key,))

    # -- settings ------------------------------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.fetch_one(self.cursor(), "SELECT value FROM settings WHERE key = ?", (key,))
        return row["value"] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as cur:
            cur.execute(
                self.q("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                (key, value),
            )

    def settings_like(self, prefix: str) -> dict[str, str]:
        """Every setting whose key starts with `prefix` (saved searches are kept as settings: saved.py)."""
        pattern = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
        rows = self.fetch_all(self.cursor(), "SELECT key, value FROM settings WHERE key LIKE ? ESCAPE '!' ORDER BY key", (pattern,))
        return {r["key"]: r["value"] for r in rows}

    def delete_setting(self, key: str) -> bool:
        """Remove one setting; False when there was none."""
        with self.transaction() as cur:
            if not self.fetch_one(cur, "SELECT key FROM settings WHERE key = ?", (key,)):
                return False
            cur.execute(self.q("DELETE FROM settings WHERE key = ?"), (key,))
        return True

    # -- whole library -------------------------------------------------------------------------
    def document_ids(self) -> list[str]:
        return [r["id"] for r in self.fetch_all(self.cursor(), "SELECT id FROM documents ORDER BY ingested_at, id")]

    def stats(self) -> dict[str, int]:
        cur = self.cursor()
        out = {}
        for table in ("documents", "units", "findings", "corrections", "history", "users"):
            row = self.fetch_one(cur, f"SELECT COUNT(*) AS n FROM {table}")
            out[table] = int(row["n"]) if row else 0
        return out
