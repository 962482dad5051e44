"""A document's life: written as a draft, published, changed in place, moved to the trash, restored;
and the API tokens that let programs do it (SPEC "Writing and changing documents through the API").

Only published documents are in the search index and the knowledge layer: a draft is stored with
its units but not indexed, publishing indexes it, the trash takes it out of the index again and
restoring puts it back. So search, the entity pages and every export skip drafts and trashed
documents without a filter of their own; lists and counts filter on `documents.status`.

A document's `version` is 1 plus the number of its history rows: every change (a unit's text,
a metadata field, its units replaced, its status) writes exactly one history row per field, so the
number grows with each change and a writer that read version N conflicts when it is no longer N.
Nothing here deletes a document except `empty_trash`, which an editor confirms.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import BadInput, Conflict, NotFound
from ..model import Document, Finding

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from .base import Indexer


class _Store(Protocol):
    """What these operations use of Library (which mixes them in and implements all of this)."""

    row_lock: str

    @property
    def indexers(self) -> list[Indexer]: ...
    def transaction(self) -> AbstractContextManager[Any]: ...
    def cursor(self) -> Any: ...
    def q(self, sql: str) -> str: ...
    def fetch_all(self, cur: Any, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]: ...
    def fetch_one(self, cur: Any, sql: str, params: tuple | list = ()) -> dict[str, Any] | None: ...
    def resolve_id(self, ref: str) -> str: ...
    def get_document(self, ref: str) -> Document: ...
    def unit_versions(self, doc_id: str) -> dict[str, int]: ...
    def get_user(self, name: str) -> dict[str, Any] | None: ...
    def _insert_findings(self, cur: Any, doc_id: str, findings: list[Finding]) -> None: ...

STATUSES = ("draft", "published", "trashed")
TOKEN_PREFIX = "dz_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Lifecycle(_Store):
    """Library's document-lifecycle and token operations (mixed into Library)."""

    # -- status and version -------------------------------------------------------------------
    def document_status(self, doc_id: str) -> str:
        row = self.fetch_one(self.cursor(), "SELECT status FROM documents WHERE id = ?", (doc_id,))
        if row is None:
            raise NotFound(f"no document {doc_id!r} in the library")
        return str(row["status"])

    def document_version(self, doc_id: str, cur: Any = None) -> int:
        row = self.fetch_one(cur or self.cursor(), "SELECT COUNT(*) AS n FROM history WHERE doc_id = ?", (doc_id,))
        return 1 + (int(row["n"]) if row else 0)

    def _check_version(self, cur: Any, doc_id: str, version: int | None) -> int:
        current = self.document_version(doc_id, cur)
        if version is not None and int(version) != current:
            raise Conflict(f"document {doc_id} changed since version {version} (now {current}); reload and try again")
        return current

    def _lock_document(self, cur: Any, doc_id: str) -> dict[str, Any]:
        row = self.fetch_one(cur, "SELECT id, status FROM documents WHERE id = ?" + self.row_lock, (doc_id,))
        if row is None:
            raise NotFound(f"no document {doc_id!r} in the library")
        return row

    def _history(self, cur: Any, doc_id: str, field: str, before: Any, after: Any, editor: str) -> None:
        from .base import now

        cur.execute(
            self.q("INSERT INTO history (doc_id, unit_id, field, before, after, editor, at) VALUES (?, NULL, ?, ?, ?, ?, ?)"),
            (doc_id, field, before, after, editor, now()),
        )

    def restore(self, ref: str, editor: str) -> str:
        """Bring a trashed document back, published (refused for one that is not in the trash)."""
        return self.set_status(ref, "published", editor, only_from="trashed")

    def _set_field(self, cur: Any, doc_id: str, field: str, before: Any, after: Any, editor: str) -> None:
        """One metadata column of a document changed, with its history row (field names are ours, never input)."""
        from .base import now

        cur.execute(self.q(f"UPDATE documents SET {field} = ?, updated_at = ? WHERE id = ?"), (after, now(), doc_id))
        self._history(cur, doc_id, field, before, after, editor)

    def set_status(self, ref: str, status: str, editor: str, version: int | None = None, only_from: str | None = None) -> str:
        """Publish, trash or restore (→ published) a document; the index follows. Returns the status.
        `only_from`: the status it must have now (checked under the same lock as the change)."""
        if status not in STATUSES:
            raise BadInput(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        doc_id = self.resolve_id(ref)
        with self.transaction() as cur:
            row = self._lock_document(cur, doc_id)
            self._check_version(cur, doc_id, version)
            before = row["status"]
            if only_from is not None and before != only_from:
                raise BadInput(f"document {doc_id} is not {'in the trash' if only_from == 'trashed' else only_from}")
            if before == status:
                return status
            if before == "trashed" and status == "draft":
                raise BadInput("restore a trashed document first (it comes back published)")
            self._set_field(cur, doc_id, "status", before, status, editor)
            if status == "published":
                doc = self.get_document(doc_id)
                for indexer in self.indexers:
                    indexer.delete_document(self, cur, doc_id)  # a restored document may still have rows
                    indexer.index_document(self, cur, doc)
            elif before == "published":
                for indexer in self.indexers:
                    indexer.delete_document(self, cur, doc_id)
        return status

    def replace_units(self, ref: str, doc: Document, findings: list[Finding], editor: str, version: int | None) -> int:
        """An editor's save of a whole document (metadata and units, as from the editor or the API):
        the old state goes into history, the new one replaces it, the index follows; returns the
        new version. Conflict when the document changed since `version`."""
        from .base import now

        doc_id = self.resolve_id(ref)
        with self.transaction() as cur:
            row = self._lock_document(cur, doc_id)
            self._check_version(cur, doc_id, version)
            old = self.get_document(doc_id)
            meta_new = meta_columns(doc)
            meta_old = meta_columns(old)
            for field in changed_fields(old, doc):
                if field in DATA_FIELDS:  # kept only in the document's JSON, not in columns
                    self._history(cur, doc_id, field, history_text(getattr(old, field)), history_text(getattr(doc, field)), editor)
                else:
                    self._set_field(cur, doc_id, field, meta_old[field], meta_new[field], editor)
            data = {k: v for k, v in doc.to_dict().items() if k != "units"}
            data["id"] = doc_id
            cur.execute(self.q("UPDATE documents SET data = ?, updated_at = ? WHERE id = ?"), (json.dumps(data, ensure_ascii=False), now(), doc_id))
            old_units = [(u.id, u.kind, u.level, u.zh, u.en) for u in old.units]
            new_units = [(u.id, u.kind, u.level, u.zh, u.en) for u in doc.units]
            if old_units != new_units:
                self._history(
                    cur,
                    doc_id,
                    "units",
                    json.dumps([u.to_dict() for u in old.units], ensure_ascii=False),
                    json.dumps([u.to_dict() for u in doc.units], ensure_ascii=False),
                    editor,
                )
                versions = self.unit_versions(doc_id)
                cur.execute(self.q("DELETE FROM findings WHERE doc_id = ?"), (doc_id,))
                cur.execute(self.q("DELETE FROM units WHERE doc_id = ?"), (doc_id,))
                cur.executemany(
                    self.q(
                        "INSERT INTO units (doc_id, unit_id, ord, kind, section, level, zh, en, sentences, version)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    ),
                    [
                        (doc_id, u.id, i, u.kind, u.section, u.level, u.zh, u.en,
                         json.dumps([s.to_dict() for s in u.sentences], ensure_ascii=False),
                         versions.get(u.id, 0) + 1)
                        for i, u in enumerate(doc.units)
                    ],
                )
                self._insert_findings(cur, doc_id, findings)
            if row["status"] == "published":
                fresh = self.get_document(doc_id)
                for indexer in self.indexers:
                    indexer.delete_document(self, cur, doc_id)
                    indexer.index_document(self, cur, fresh)
            return self.document_version(doc_id, cur)

    def empty_trash(self, editor: str) -> list[str]:
        """Delete the trashed documents for good, with their units, findings, corrections and history."""
        with self.transaction() as cur:
            ids = [r["id"] for r in self.fetch_all(cur, "SELECT id FROM documents WHERE status = 'trashed'")]
            for doc_id in ids:
                # the index's and the knowledge layer's rows went when it was trashed (set_status)
                for table in ("finding_review_log", "finding_reviews", "findings", "corrections", "history", "units"):
                    cur.execute(self.q(f"DELETE FROM {table} WHERE doc_id = ?"), (doc_id,))
                cur.execute(self.q("DELETE FROM documents WHERE id = ?"), (doc_id,))
        return ids

    # -- API tokens ---------------------------------------------------------------------------
    def create_token(self, user: str, label: str = "") -> tuple[int, str]:
        """A new token for `user`: (its number, the token). Only its hash is stored."""
        from .base import now

        if self.get_user(user) is None:
            raise BadInput(f"no user {user!r} (duizhao user add {user})")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.transaction() as cur:
            cur.execute(
                self.q("INSERT INTO api_tokens (token_hash, user_name, label, created_at) VALUES (?, ?, ?, ?)"),
                (token_hash(token), user, label[:100], now()),
            )
            row = self.fetch_one(cur, "SELECT id FROM api_tokens WHERE token_hash = ?", (token_hash(token),))
        return int(row["id"]) if row else 0, token

    def token_user(self, token: str) -> dict[str, Any] | None:
        """The user a live token belongs to ({"name", "editor"}), or None."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        row = self.fetch_one(
            self.cursor(),
            "SELECT u.name, u.editor FROM api_tokens t JOIN users u ON u.name = t.user_name"
            " WHERE t.token_hash = ? AND t.revoked_at IS NULL",
            (token_hash(token),),
        )
        return {"name": row["name"], "editor": bool(row["editor"])} if row else None

    def tokens(self, user: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, user_name AS user, label, created_at, revoked_at FROM api_tokens"
        params: tuple = ()
        if user:
            sql += " WHERE user_name = ?"
            params = (user,)
        return self.fetch_all(self.cursor(), sql + " ORDER BY id", params)

    def revoke_token(self, number: int) -> dict[str, Any]:
        from .base import now

        with self.transaction() as cur:
            cur.execute(self.q("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"), (now(), int(number)))
            row = self.fetch_one(cur, "SELECT id, user_name AS user, label, created_at, revoked_at FROM api_tokens WHERE id = ?", (int(number),))
        if row is None:
            raise NotFound(f"no token #{number}")
        return row


# Document fields outside the metadata columns (store.base.META_FIELDS) that an editor can change
DATA_FIELDS = ("url", "authors_zh", "translators", "abstract", "layout")


def history_text(value: Any) -> str | None:
    """A field's value as a history row holds it: text as it is (a URL reads as itself), lists and
    objects as JSON, like the authors and keywords columns."""
    if value is None or isinstance(value, str):
        return value or None
    return json.dumps(value, ensure_ascii=False)


def changed_fields(old: Document, new: Document) -> list[str]:
    """The editable fields `new` stores differently from `old`: the metadata columns first
    (store.base.META_FIELDS, compared as stored), then DATA_FIELDS."""
    from .base import META_FIELDS

    meta_old, meta_new = meta_columns(old), meta_columns(new)
    return [f for f in META_FIELDS if meta_old[f] != meta_new[f]] + [f for f in DATA_FIELDS if getattr(old, f) != getattr(new, f)]


def meta_columns(doc: Document) -> dict[str, Any]:
    """The documents table's metadata columns as stored (lists as JSON)."""
    return {
        "title_zh": doc.title.get("zh") or None,
        "title_en": doc.title.get("en") or None,
        "authors": json.dumps(doc.authors, ensure_ascii=False),
        "source": doc.source or None,
        "original_source": doc.original_source or None,
        "published": doc.published or None,
        "keywords": json.dumps(doc.keywords, ensure_ascii=False),
    }
