// name: area-overview
// description: Every commitment area with its number of agreements, parties and articles that name it.
// example: kg query run area-overview
MATCH (c:CommitmentArea)
RETURN c.id AS area, c.label AS label,
       COUNT { (:Agreement)-[:COVERS]->(c) } AS agreements,
       size(COLLECT { MATCH (o:Organisation)-[:PARTY_TO]->(:Agreement)-[:COVERS]->(c) RETURN DISTINCT o }) AS parties,
       COUNT { (:Article)-[:MENTIONS_AREA]->(c) } AS articles
ORDER BY agreements DESC, articles DESC, area
