"""The credit graph: the Neo4j server, its schema, and the Cypher that reads and writes it."""
