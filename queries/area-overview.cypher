// name: area-overview
// description: Every commitment area with its number of agreements, parties and articles that name it.
// example: kg query run area-overview
MATCH (c:CommitmentArea)
RETURN c.id AS area, c.label AS label,
       COUNT { ()-[:COVERS]->(c) } AS agreements,
       COUNT { MATCH (o)-[:PARTY_TO]->()-[:COVERS]->(c) RETURN DISTINCT o } AS parties,
       COUNT { ()-[:MENTIONS_AREA]->(c) } AS articles,
       [c.id] AS _ids
ORDER BY agreements DESC, articles DESC, area
