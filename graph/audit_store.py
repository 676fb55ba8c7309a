"""The audit log kept in Neo4j: a single sequencer, leaves apart from bodies, proofs, checks.

Layout. One ``(:AuditLog {id: 'main', size, frontier, root})`` head node is the
sequencer. Each entry becomes an ``(:AuditLeaf {index, hash})`` — the tree — and,
stored apart, an ``(:AuditEntry {index, at, actor, channel, purpose, operation, body})``
whose ``body`` is the canonical JSON the leaf hash was taken of, linked
``-[:CONCERNS]->(:Subject)`` so that a subject's access log is an index lookup.
Removing a body at the end of its retention (``redact``) keeps the leaf, so every
proof and checkpoint still verifies. Hashes are stored as lowercase hex.

Sequencing. ``append`` first writes to the head node (``SET h.lock = h.lock + 1``),
which takes the head's exclusive lock until the transaction ends: concurrent appenders
queue on it, and each reads the size and frontier its predecessor committed. Index,
leaf, entry and new head are written in that same transaction, so the log has no gaps
whatever fails, and the new root comes from the O(log n) frontier without reading any
leaf. A caller appending inside its own transaction holds the lock until it commits,
so it should append last.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from neo4j import AsyncDriver, AsyncManagedTransaction, Record

from audit import merkle
from audit.canonical import AuditEntryInvalid, canonical_bytes, iso_utc
from audit.checkpoint import Checkpoint, key_id, sign_checkpoint, verify_checkpoint
from core.errors import CreditError, NotFound
from graph.effects import execute_write

#: The one log of a database (AuditLeaf.index is unique database-wide).
LOG_ID = "main"

#: Entry fields copied out of the body into indexed properties.
INDEXED_FIELDS = ("actor", "channel", "purpose", "operation")

#: Takes the sequencer's lock (a write on the head) before reading what it guards.
#: Reading h.size in a later clause than the SET is what makes it see the last commit.
LOCK_HEAD = """
MERGE (h:AuditLog {id: $log})
ON CREATE SET h.size = 0, h.frontier = [], h.root = $emptyRoot
SET h.lock = coalesce(h.lock, 0) + 1
RETURN h.size AS size, h.frontier AS frontier, h.root AS root
"""

APPEND = """
MATCH (h:AuditLog {id: $log})
SET h.size = $size, h.frontier = $frontier, h.root = $root
CREATE (:AuditLeaf {index: $index, hash: $hash})
CREATE (e:AuditEntry {index: $index, at: datetime($at), actor: $actor, channel: $channel,
                      purpose: $purpose, operation: $operation, body: $body, redacted: false})
WITH e
UNWIND $subjects AS key
MATCH (s:Subject {key: key})
CREATE (e)-[:CONCERNS]->(s)
"""

#: Group commit in one round trip: lock the head, and write only if the head is still
#: where the writer last saw it (another process may have appended since).
APPEND_IF_AT = """
MATCH (h:AuditLog {id: $log})
SET h.lock = coalesce(h.lock, 0) + 1
WITH h
CALL (h) {
  WITH h WHERE h.size = $expected
  SET h.size = $size, h.frontier = $frontier, h.root = $root
  WITH h
  UNWIND $rows AS row
  CREATE (:AuditLeaf {index: row.index, hash: row.hash})
  CREATE (e:AuditEntry {index: row.index, at: datetime(row.at), actor: row.actor,
                        channel: row.channel, purpose: row.purpose, operation: row.operation,
                        body: row.body, redacted: false})
  WITH e, row
  UNWIND row.subjects AS key
  MATCH (s:Subject {key: key})
  CREATE (e)-[:CONCERNS]->(s)
  RETURN count(*) AS links
}
RETURN h.size AS size, h.frontier AS frontier
"""

#: The head with the log's epoch (set once): a journal continues one epoch only, so a
#: graph whose log was wiped or replaced is never fed an older journal's entries.
HEAD_EPOCH = """
MERGE (h:AuditLog {id: $log})
ON CREATE SET h.size = 0, h.frontier = [], h.root = $emptyRoot
SET h.epoch = coalesce(h.epoch, $new)
RETURN h.epoch AS epoch, h.size AS size, h.frontier AS frontier
"""

READ_HEAD = """
MATCH (h:AuditLog {id: $log})
RETURN h.size AS size, h.frontier AS frontier, h.root AS root
"""

#: The head and the leaf hashes of the first $size leaves (all when $size is null).
READ_LEAVES = """
OPTIONAL MATCH (h:AuditLog {id: $log})
WITH coalesce(h.size, 0) AS headSize, coalesce($size, h.size, 0) AS size
OPTIONAL MATCH (l:AuditLeaf) WHERE l.index < size
WITH headSize, size, l ORDER BY l.index
RETURN headSize, size, collect(l.index) AS indexes, collect(l.hash) AS hashes
"""

STORE_CHECKPOINT = """
MERGE (c:AuditCheckpoint {size: $size})
ON CREATE SET c.root = $root, c.timestamp = $timestamp, c.signature = $signature,
              c.keyId = $keyId, c.origin = $origin
RETURN c.origin AS origin, c.size AS size, c.root AS root, c.timestamp AS timestamp,
       c.signature AS signature, c.keyId AS keyId
"""

READ_CHECKPOINTS = """
MATCH (c:AuditCheckpoint) WHERE $sizes IS NULL OR c.size IN $sizes
RETURN c.origin AS origin, c.size AS size, c.root AS root, c.timestamp AS timestamp,
       c.signature AS signature, c.keyId AS keyId
ORDER BY c.size
"""

# Entries newest first. `e.index < $before` is always present so the page is an ordered
# range seek on the index constraint, whichever other filters apply. Pages come back as
# one collected row: the async driver spends ~0.2 ms per record, ~5x the sync driver.
_ENTRY_FILTER = """
WHERE e.index < $before
  AND ($actor IS NULL OR e.actor = $actor)
  AND ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at < $until)
WITH e ORDER BY e.index DESC LIMIT $limit
OPTIONAL MATCH (l:AuditLeaf {index: e.index})
WITH e, l ORDER BY e.index DESC
RETURN collect({index: e.index, at: e.at, body: e.body, hash: l.hash}) AS page
"""
ENTRIES = "MATCH (e:AuditEntry)" + _ENTRY_FILTER
ENTRIES_BY_ACTOR = "MATCH (e:AuditEntry {actor: $actor})" + _ENTRY_FILTER
ENTRIES_OF_SUBJECT = "MATCH (:Subject {key: $subject})<-[:CONCERNS]-(e:AuditEntry)" + _ENTRY_FILTER

REDACT = """
MATCH (e:AuditEntry {index: $index})
OPTIONAL MATCH (e)-[c:CONCERNS]->()
DELETE c
WITH DISTINCT e
SET e.body = null, e.redacted = true, e.redactedAt = coalesce(e.redactedAt, datetime())
RETURN e.index AS index
"""

#: The leaves with index in [$start, $stop), read by ``verify`` a window at a time.
VERIFY_LEAVES = """
MATCH (l:AuditLeaf) WHERE $start <= l.index < $stop
RETURN collect([l.index, l.hash]) AS leaves
"""

#: The entries with index in [$start, $stop) and the subjects they are linked to.
VERIFY_ENTRIES = """
MATCH (e:AuditEntry) WHERE $start <= e.index < $stop
RETURN collect({
  index: e.index, body: e.body, redacted: e.redacted, at: e.at, actor: e.actor,
  channel: e.channel, purpose: e.purpose, operation: e.operation,
  concerns: COLLECT { MATCH (e)-[:CONCERNS]->(s:Subject) RETURN s.key }
}) AS entries
"""

#: Entries per ``verify`` query: a few MB of bodies per message at most.
VERIFY_WINDOW = 2000

#: Leaves and entries at or beyond a size: after the head, nothing may be there.
BEYOND_HEAD = """
CALL {
  MATCH (l:AuditLeaf) WHERE l.index >= $size RETURN 'leaf' AS kind, l.index AS index
  UNION ALL
  MATCH (e:AuditEntry) WHERE e.index >= $size RETURN 'entry' AS kind, e.index AS index
}
RETURN kind, index ORDER BY index, kind
"""

_NO_CURSOR = 2**63 - 1


class AuditLogCorrupt(CreditError):
    """The stored log does not hold together; ``verify`` names what is wrong."""

    code = "AUDIT_LOG_CORRUPT"


@dataclass(frozen=True)
class AppendResult:
    """Where an entry landed: its index, its leaf hash, and the tree it is now part of."""

    index: int
    leaf_hash: bytes
    tree: merkle.Frontier

    @property
    def size(self) -> int:
        return self.tree.size

    @cached_property
    def root(self) -> bytes:
        """The tree's root, computed when asked (the request path never asks)."""
        return self.tree.root()


@dataclass(frozen=True)
class StoredEntry:
    """An entry as stored; ``body`` is None once redacted, ``leaf_hash`` once its leaf is gone."""

    index: int
    at: datetime
    body: dict[str, Any] | None
    leaf_hash: bytes | None


@dataclass
class VerifyReport:
    """The outcome of ``verify``: ``ok`` when ``problems`` is empty."""

    ok: bool
    size: int
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    """An entry ready to be written: canonical body, leaf hash and indexed fields."""

    body: str
    leaf: bytes
    at: str
    fields: dict[str, str | None]
    subjects: list[str]


def prepare(entry: Mapping[str, Any]) -> Row:
    """Validate and canonicalize ``entry``; outside the lock, as it needs no log state.

    ``at`` defaults to now (UTC) and is part of the hashed body.
    """
    at = entry.get("at")
    if at is None:
        at = iso_utc(datetime.now(UTC))
    elif isinstance(at, datetime):
        at = iso_utc(at)
    elif isinstance(at, str):
        try:
            parsed = datetime.fromisoformat(at)
        except ValueError as exc:
            raise AuditEntryInvalid(f"entry.at {at!r} is not an ISO-8601 datetime") from exc
        iso_utc(parsed)  # refuses a time without a zone
    else:
        raise AuditEntryInvalid(f"entry.at must be a datetime or ISO string, not {at!r}")
    fields: dict[str, str | None] = {}
    for name in INDEXED_FIELDS:
        value = entry.get(name)
        if value is not None and not isinstance(value, str):
            raise AuditEntryInvalid(f"entry.{name} must be a string, not {value!r}")
        fields[name] = value
    subjects = entry.get("subjects") or []
    if not isinstance(subjects, list | tuple) or not all(isinstance(s, str) for s in subjects):
        raise AuditEntryInvalid("entry.subjects must be a list of subject keys")
    data = canonical_bytes({**entry, "at": at})
    return Row(data.decode("utf-8"), merkle.leaf_hash(data), at, fields, sorted(set(subjects)))


def _frontier(size: Any, hexes: Any) -> merkle.Frontier:
    try:
        return merkle.Frontier(int(size), tuple(bytes.fromhex(h) for h in hexes))
    except (TypeError, ValueError) as exc:
        raise AuditLogCorrupt(
            f"the audit log head is damaged ({exc}): run verify and restore from backup"
        ) from exc


async def append(tx: AsyncManagedTransaction, entry: Mapping[str, Any]) -> AppendResult:
    """Append ``entry`` inside the caller's write transaction; visible when it commits.

    ``entry`` is any JSON-like mapping; ``at`` (default now), ``actor``, ``channel``,
    ``purpose``, ``operation`` (strings) are also indexed, and ``subjects`` (subject keys)
    are linked when such subjects exist.
    """
    row = prepare(entry)
    result = await tx.run(LOCK_HEAD, log=LOG_ID, emptyRoot=merkle.EMPTY_ROOT.hex())
    head = await result.single(strict=True)
    frontier = _frontier(head["size"], head["frontier"]).append(row.leaf)
    root = frontier.root()
    index = frontier.size - 1
    params: dict[str, Any] = {
        "log": LOG_ID,
        "index": index,
        "hash": row.leaf.hex(),
        "size": frontier.size,
        "frontier": [h.hex() for h in frontier.subtrees],
        "root": root.hex(),
        "at": row.at,
        "body": row.body,
        "subjects": row.subjects,
        **row.fields,
    }
    result = await tx.run(APPEND, params)
    await result.consume()
    return AppendResult(index, row.leaf, frontier)


def rows_after(
    head: merkle.Frontier, rows: list[Row]
) -> tuple[merkle.Frontier, list[tuple[int, Row]]]:
    frontier = head
    placed: list[tuple[int, Row]] = []
    for row in rows:
        frontier = frontier.append(row.leaf)
        placed.append((frontier.size - 1, row))
    return frontier, placed


async def append_at(
    tx: AsyncManagedTransaction, head: merkle.Frontier, entries: list[Mapping[str, Any]]
) -> tuple[merkle.Frontier | None, list[AppendResult] | None]:
    """Append ``entries`` if the log head is still ``head`` (one round trip); otherwise
    write nothing and return the actual head (None if there is none yet), so the caller
    can place them again."""
    return await append_rows_at(tx, head, [prepare(entry) for entry in entries])


async def append_rows_at(
    tx: AsyncManagedTransaction, head: merkle.Frontier, rows: list[Row]
) -> tuple[merkle.Frontier | None, list[AppendResult] | None]:
    """``append_at`` for entries already prepared (canonical body and leaf hash)."""
    frontier, placed = rows_after(head, rows)
    root = frontier.root()
    params: dict[str, Any] = {
        "log": LOG_ID,
        "expected": head.size,
        "size": frontier.size,
        "frontier": [h.hex() for h in frontier.subtrees],
        "root": root.hex(),
        "rows": [
            {
                "index": index,
                "hash": row.leaf.hex(),
                "at": row.at,
                "body": row.body,
                "subjects": row.subjects,
                **row.fields,
            }
            for index, row in placed
        ],
    }
    result = await tx.run(APPEND_IF_AT, params)
    record = await result.single()
    if record is None:
        return None, None
    actual = _frontier(record["size"], record["frontier"])
    if actual.size != frontier.size or actual.subtrees != frontier.subtrees:
        return actual, None
    return frontier, [AppendResult(index, row.leaf, frontier) for index, row in placed]


async def read_head(tx: AsyncManagedTransaction) -> merkle.Frontier:
    """The log head, created empty if the log has none yet."""
    result = await tx.run(LOCK_HEAD, log=LOG_ID, emptyRoot=merkle.EMPTY_ROOT.hex())
    head = await result.single(strict=True)
    return _frontier(head["size"], head["frontier"])


async def append_entry(
    driver: AsyncDriver, database: str, entry: Mapping[str, Any]
) -> AppendResult:
    """Append ``entry`` in a transaction of its own (retried if transient, e.g. a deadlock)."""
    async with driver.session(database=database) as session:
        done: AppendResult = await execute_write(session, append, entry)
    return done


def _checkpoint(record: Record) -> Checkpoint:
    return Checkpoint(
        origin=record["origin"],
        size=int(record["size"]),
        root=bytes.fromhex(record["root"]),
        timestamp=record["timestamp"],
        signature=bytes.fromhex(record["signature"]),
        key_id=record["keyId"],
    )


async def checkpoint(
    driver: AsyncDriver, database: str, key: Ed25519PrivateKey, origin: str
) -> Checkpoint:
    """Sign the current head and store it; a size already checkpointed keeps its first one.

    It takes the sequencer's lock for a moment, so size and root are read together, and
    refuses to sign a head whose root does not follow from its frontier.
    """

    async def work(tx: AsyncManagedTransaction) -> Checkpoint:
        result = await tx.run(LOCK_HEAD, log=LOG_ID, emptyRoot=merkle.EMPTY_ROOT.hex())
        head = await result.single(strict=True)
        frontier = _frontier(head["size"], head["frontier"])
        if frontier.root().hex() != head["root"]:
            raise AuditLogCorrupt(
                "the audit log head's root does not follow from its frontier: not signing; "
                "run verify"
            )
        signed = sign_checkpoint(key, origin, frontier.size, frontier.root(), datetime.now(UTC))
        result = await tx.run(
            STORE_CHECKPOINT,
            size=signed.size,
            root=signed.root.hex(),
            timestamp=signed.timestamp,
            signature=signed.signature.hex(),
            keyId=signed.key_id,
            origin=signed.origin,
        )
        return _checkpoint(await result.single(strict=True))

    async with driver.session(database=database) as session:
        done: Checkpoint = await execute_write(session, work)
    return done


def _aware(moment: datetime | None, name: str) -> datetime | None:
    if moment is not None and moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (the log stores instants)")
    return moment


async def entries(
    driver: AsyncDriver,
    database: str,
    *,
    actor: str | None = None,
    subject_key: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    after_index: int | None = None,
    limit: int = 50,
) -> list[StoredEntry]:
    """A page of entries, newest first; ``since`` is inclusive, ``until`` exclusive.

    ``after_index`` is the cursor: the index of the last entry of the previous page.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if subject_key is not None:
        query = ENTRIES_OF_SUBJECT
    elif actor is not None:
        query = ENTRIES_BY_ACTOR
    else:
        query = ENTRIES
    records, _, _ = await driver.execute_query(
        query,
        subject=subject_key,
        actor=actor,
        since=_aware(since, "since"),
        until=_aware(until, "until"),
        before=_NO_CURSOR if after_index is None else after_index,
        limit=limit,
        database_=database,
        routing_="r",
    )
    return [
        StoredEntry(
            index=int(r["index"]),
            at=r["at"].to_native(),
            body=None if r["body"] is None else json.loads(r["body"]),
            leaf_hash=None if r["hash"] is None else bytes.fromhex(r["hash"]),
        )
        for r in records[0]["page"]
    ]


async def _leaves(driver: AsyncDriver, database: str, size: int | None) -> tuple[int, list[bytes]]:
    """The head's size and the first ``size`` leaf hashes (all by default), in one query."""
    records, _, _ = await driver.execute_query(
        READ_LEAVES, log=LOG_ID, size=size, database_=database, routing_="r"
    )
    row = records[0]
    head_size, n = int(row["headSize"]), int(row["size"])
    if n > head_size:
        raise NotFound(f"the audit log has {head_size} entries, not {n}")
    if row["indexes"] != list(range(n)):
        missing = sorted(set(range(n)) - set(row["indexes"]))
        raise AuditLogCorrupt(f"audit leaves {missing[:10]} are missing: run verify")
    return head_size, [bytes.fromhex(h) for h in row["hashes"]]


async def leaf_hashes(driver: AsyncDriver, database: str) -> tuple[int, list[bytes]]:
    """The current tree size and every leaf hash, in order (for many proofs at once)."""
    return await _leaves(driver, database, None)


async def inclusion(
    driver: AsyncDriver, database: str, index: int, size: int | None = None
) -> tuple[list[bytes], int, bytes]:
    """The inclusion proof of entry ``index`` in the tree of ``size`` (default: the head).

    Returns (proof, size, root) so the caller can match the root against a checkpoint.
    """
    _, hashes = await _leaves(driver, database, size)
    if not 0 <= index < len(hashes):
        raise NotFound(f"audit entry {index} is not in a log of {len(hashes)} entries")
    tree = merkle.Tree(hashes)
    return tree.inclusion_proof(index), tree.size, tree.root()


async def consistency(
    driver: AsyncDriver, database: str, old_size: int, new_size: int
) -> list[bytes]:
    """The consistency proof that the tree of ``old_size`` is a prefix of that of ``new_size``."""
    if not 0 <= old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to {new_size}")
    _, hashes = await _leaves(driver, database, new_size)
    return merkle.consistency_proof(old_size, hashes)


async def redact(driver: AsyncDriver, database: str, index: int) -> None:
    """End of retention: drop entry ``index``'s body and subject links, keep its leaf."""
    records, _, _ = await driver.execute_query(REDACT, index=index, database_=database)
    if not records:
        raise NotFound(f"audit entry {index} does not exist")


async def _read_checkpoints(
    driver: AsyncDriver, database: str, sizes: list[int] | None
) -> list[Checkpoint]:
    records, _, _ = await driver.execute_query(
        READ_CHECKPOINTS, sizes=sizes, database_=database, routing_="r"
    )
    return [_checkpoint(r) for r in records]


async def verify_checkpoints(
    driver: AsyncDriver, database: str, public_key: Ed25519PublicKey, old_size: int, new_size: int
) -> bool:
    """Whether the stored checkpoints at both sizes are signed and the newer extends the older.

    The consistency proof is built from the stored leaves, as an auditor would request it.
    """
    if not 0 <= old_size <= new_size:
        return False
    found = {cp.size: cp for cp in await _read_checkpoints(driver, database, [old_size, new_size])}
    old, new = found.get(old_size), found.get(new_size)
    if old is None or new is None:
        return False
    if not (verify_checkpoint(public_key, old) and verify_checkpoint(public_key, new)):
        return False
    try:
        proof = await consistency(driver, database, old_size, new_size)
    except (NotFound, AuditLogCorrupt):
        return False
    return merkle.verify_consistency(old_size, new_size, old.root, new.root, proof)


async def verify(driver: AsyncDriver, database: str, public_key: Ed25519PublicKey) -> VerifyReport:
    """Check the whole log; every problem found is named, by index where there is one.

    Reads every leaf and every body, so it is a job for an auditor, not a request path.
    Appends may go on meanwhile: only the tree of the head read first is checked.
    """
    problems: list[str] = []
    records, _, _ = await driver.execute_query(
        READ_HEAD, log=LOG_ID, database_=database, routing_="r"
    )
    size, head_frontier, head_root = 0, merkle.Frontier(), merkle.EMPTY_ROOT.hex()
    if records:
        size, head_root = int(records[0]["size"]), records[0]["root"]
        try:
            head_frontier = _frontier(size, records[0]["frontier"])
        except AuditLogCorrupt as exc:
            problems.append(exc.message)

    leaves: dict[int, bytes] = {}
    entry_problems: list[str] = []
    seen_entries: set[int] = set()
    for start in range(0, size, VERIFY_WINDOW):
        window = {"start": start, "stop": min(start + VERIFY_WINDOW, size)}
        records, _, _ = await driver.execute_query(
            VERIFY_LEAVES, window, database_=database, routing_="r"
        )
        leaves.update((int(i), bytes.fromhex(h)) for i, h in records[0]["leaves"])
        records, _, _ = await driver.execute_query(
            VERIFY_ENTRIES, window, database_=database, routing_="r"
        )
        for stored in records[0]["entries"]:
            seen_entries.add(int(stored["index"]))
            entry_problems.extend(_check_entry(stored, leaves.get(int(stored["index"]))))

    missing = [i for i in range(size) if i not in leaves]
    problems.extend(f"leaf {i} is missing (deleted?)" for i in missing)
    problems.extend(
        f"entry {i} is missing (deleted?)" for i in range(size) if i not in seen_entries
    )
    problems.extend(entry_problems)

    if not missing:
        tree = merkle.Tree([leaves[i] for i in range(size)])
        if tree.root().hex() != head_root:
            problems.append(
                f"the head's root {head_root} is not the root recomputed from the {size} leaves"
            )
        if tree.frontier() != head_frontier:
            problems.append("the head's frontier does not match the leaves")
        for cp in await _read_checkpoints(driver, database, None):
            problems.extend(_check_checkpoint(cp, public_key, tree))
    else:
        problems.append("the root and the checkpoints cannot be checked while leaves are missing")

    problems.extend(await _beyond_head(driver, database, size))
    return VerifyReport(ok=not problems, size=size, problems=problems)


def _check_entry(r: Mapping[str, Any], leaf: bytes | None) -> list[str]:
    """What is wrong with one stored entry (its leaf, if present, is ``leaf``)."""
    i, body = int(r["index"]), r["body"]
    if body is None:
        if not r["redacted"]:
            return [f"entry {i} has no body but was not redacted"]
        if r["concerns"]:
            return [f"entry {i} is redacted but still linked to subjects"]
        return []
    if r["redacted"]:
        return [f"entry {i} is marked redacted but still has its body"]
    if leaf is not None and merkle.leaf_hash(body.encode("utf-8")) != leaf:
        return [f"entry {i} does not hash to its leaf: its body was changed"]
    # The body is authentic; the properties copied from it for lookups must agree.
    try:
        data = json.loads(body)
    except ValueError:
        return [f"entry {i} has a body that is not JSON"]
    found: list[str] = []
    for name in INDEXED_FIELDS:
        if r[name] != data.get(name):
            found.append(f"entry {i}: {name} {r[name]!r} differs from its body")
    stored_at = r["at"].to_native() if r["at"] is not None else None
    try:
        body_at: datetime | None = datetime.fromisoformat(data["at"])
    except (KeyError, TypeError, ValueError):
        body_at = None
    if stored_at is None or stored_at != body_at:
        found.append(f"entry {i}: at {stored_at} differs from its body")
    extra = set(r["concerns"]) - set(data.get("subjects") or [])
    if extra:
        found.append(f"entry {i} is linked to subjects its body does not name: {sorted(extra)}")
    return found


def _check_checkpoint(cp: Checkpoint, public_key: Ed25519PublicKey, tree: merkle.Tree) -> list[str]:
    if cp.key_id != key_id(public_key):
        return [f"checkpoint {cp.size} is signed by key {cp.key_id}, not {key_id(public_key)}"]
    if not verify_checkpoint(public_key, cp):
        return [f"checkpoint {cp.size} has a signature that does not verify: it was changed"]
    if cp.size > tree.size:
        return [f"checkpoint {cp.size} is beyond the log's {tree.size} entries: log truncated"]
    proof = tree.consistency_proof(cp.size)
    if not merkle.verify_consistency(cp.size, tree.size, cp.root, tree.root(), proof):
        return [f"checkpoint {cp.size} is not consistent with the tree: the log was rewritten"]
    return []


async def _beyond_head(driver: AsyncDriver, database: str, size: int) -> list[str]:
    """Leaves or entries no head covers.

    Read before the head is read again: an append commits its leaf and its head
    together, so anything seen here that the new head still does not cover was not
    written by the sequencer.
    """
    records, _, _ = await driver.execute_query(
        BEYOND_HEAD, size=size, database_=database, routing_="r"
    )
    if not records:
        return []
    heads, _, _ = await driver.execute_query(
        READ_HEAD, log=LOG_ID, database_=database, routing_="r"
    )
    now = int(heads[0]["size"]) if heads else 0
    return [
        f"{r['kind']} {r['index']} is beyond the log head (size {now})"
        for r in records
        if int(r["index"]) >= now
    ]


async def head_and_epoch(
    tx: AsyncManagedTransaction, new_epoch: str
) -> tuple[str, merkle.Frontier]:
    """The log's epoch (given one if it had none) and its head."""
    result = await tx.run(HEAD_EPOCH, log=LOG_ID, emptyRoot=merkle.EMPTY_ROOT.hex(), new=new_epoch)
    record = await result.single(strict=True)
    return str(record["epoch"]), _frontier(record["size"], record["frontier"])
