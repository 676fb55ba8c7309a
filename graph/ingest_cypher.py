"""The Cypher of the validated ingest: named, parameterized, batched with ``UNWIND``."""

from __future__ import annotations

from core.submission import ROLES

READ_EXISTING = """
UNWIND $keys AS k
MATCH (r:Record {sourceKey: k})
RETURN k AS sourceKey, r.contentHash AS contentHash
"""

READ_EXISTING_ROLES = {
    role: f"""
UNWIND $keys AS k
MATCH ()-[r:{role} {{sourceKey: k}}]->()
RETURN k AS sourceKey
"""
    for role in ROLES
}

READ_CONSENTS = """
UNWIND $subjects AS sk
MATCH (:Subject {key: sk})-[:GAVE]->(c:Consent)
WHERE c.revokedOn IS NULL
RETURN sk AS subjectKey, c.provider AS provider, c.categories AS categories,
       c.signedOn AS signedOn, c.validUntil AS validUntil, c.sourceId AS sourceId,
       c.evidence AS evidence
"""

MERGE_PERSONS = """
UNWIND $rows AS row
MERGE (s:Subject:Person {key: row.key})
ON CREATE SET s += row
"""

MERGE_ORGANIZATIONS = """
UNWIND $rows AS row
MERGE (s:Subject:Organization {key: row.key})
ON CREATE SET s += row
"""

CREATE_RECORDS = """
UNWIND $rows AS row
MATCH (s:Subject {key: row.subjectKey})
MATCH (c:CatalogItem {key: row.catalogKey})
MATCH (p:Provider {id: row.provider})
CREATE (r:Record)
SET r = row.props
CREATE (s)-[:HAS_RECORD]->(r), (r)-[:UNDER]->(c), (r)-[:PROVIDED_BY]->(p)
WITH r, row WHERE row.basis IS NOT NULL
MERGE (b:BasisDocument {key: row.basis.key})
ON CREATE SET b += row.basis, b.status = 'EFFECTIVE'
CREATE (r)-[:RESTS_ON]->(b)
"""

CREATE_ROLES = {
    role: f"""
UNWIND $rows AS row
MATCH (h:Subject {{key: row.holderKey}})
MATCH (o:Subject {{key: row.organizationKey}}) WHERE o:Organization
CREATE (h)-[r:{role}]->(o)
SET r = row.props
"""
    for role in ROLES
}

MERGE_CONSENTS = """
UNWIND $rows AS row
MATCH (s:Subject {key: row.subjectKey})
MATCH (p:Provider {id: row.provider})
MERGE (c:Consent {key: row.key})
ON CREATE SET c += row
MERGE (s)-[:GAVE]->(c)
MERGE (c)-[:TO]->(p)
"""
