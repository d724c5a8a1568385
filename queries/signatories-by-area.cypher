// name: signatories-by-area
// description: Who signed what with whom on a commitment area: one row per pair of parties and agreement.
// param: area (string, required) Commitment area id or label.
// param: org (string) Only the pairs this organisation (name, alias or id) is part of.
// param: limit (int, default=500) Most rows to return.
// example: kg query run signatories-by-area --param area=cybercrime
MATCH (c:CommitmentArea)
WHERE c.id = $area OR toLower(c.label) = toLower($area)
MATCH (a:Organisation)-[ra:PARTY_TO]->(g:Agreement)-[:COVERS]->(c)
MATCH (b:Organisation)-[rb:PARTY_TO]->(g)
WHERE a <> b
  AND CASE WHEN $org IS NULL THEN a.id < b.id
      ELSE a.id = $org OR toLower(a.name) = toLower($org)
        OR any(alias IN coalesce(a.aliases, []) WHERE toLower(alias) = toLower($org)) END
RETURN a.name AS signatory, b.name AS with_party, g.name AS agreement, g.type AS type,
       g.date AS date, c.label AS area, [a, ra, g, rb, b] AS _graph
ORDER BY signatory, with_party, g.date IS NULL, date, agreement
LIMIT $limit
