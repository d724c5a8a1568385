"""The Neo4j side: the project's own server, connections, and the loader."""
