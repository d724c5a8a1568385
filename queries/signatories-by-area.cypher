// name: signatories-by-area
// description: Who signed what with whom on a commitment area: one row per pair of parties and agreement, newest first.
// param: area (area, required) Commitment area id or label.
// param: org (organisation) Only the pairs this organisation (name, alias or id) is part of.
// param: limit (int, default=200) Most rows to return.
// example: kg query run signatories-by-area --param area=cybercrime
MATCH (c:CommitmentArea)
WHERE c.id = $area OR toLower(c.label) = toLower($area)
CALL (c) {
  MATCH (g:Agreement)-[:COVERS]->(c)
  MATCH (a:Organisation)-[:PARTY_TO]->(g)<-[:PARTY_TO]-(b:Organisation)
  WHERE a <> b
    AND CASE WHEN $org IS NULL THEN a.id < b.id
        ELSE a.id = $org OR toLower(a.name) = toLower($org)
          OR any(alias IN coalesce(a.aliases, []) WHERE toLower(alias) = toLower($org)) END
  RETURN a, b, g
}
WITH a, b, g, c
ORDER BY g.date IS NULL, g.date DESC, g.name, a.name, b.name
LIMIT $limit
RETURN a.id AS signatory_id, a.name AS signatory, b.id AS with_party_id, b.name AS with_party,
       g.id AS agreement_id, g.name AS agreement, g.type AS type,
       g.date AS date, CASE size(g.date) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END AS date_precision, c.id AS area_id, c.label AS area, [a.id, g.id, b.id] AS _ids
