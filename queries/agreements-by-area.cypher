// name: agreements-by-area
// description: Agreements that cover a commitment area, newest first, with their parties.
// param: area (area, required) Commitment area id or label, e.g. incident-response or "Incident response".
// param: since (date) Only agreements dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
// param: until (date) Only agreements dated on or before this date.
// param: limit (int, default=200) Most rows to return.
// example: kg query run agreements-by-area --param area=capacity-building --param since=2020
MATCH (c:CommitmentArea)
WHERE c.id = $area OR toLower(c.label) = toLower($area)
CALL (c) {
  MATCH (g:Agreement)-[:COVERS]->(c)
  WHERE ($since IS NULL OR (g.date IS NOT NULL AND g.date >= left($since, size(g.date))))
    AND ($until IS NULL OR (g.date IS NOT NULL AND left(g.date, size($until)) <= $until))
  RETURN g
}
WITH c, g
ORDER BY g.date IS NULL, g.date DESC, g.name
LIMIT $limit
RETURN c.id AS area_id, c.label AS area, g.id AS agreement_id, g.name AS agreement, g.type AS type, g.date AS date,
       CASE size(g.date) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END AS date_precision, g.place AS place,
       COLLECT { MATCH (o:Organisation)-[:PARTY_TO]->(g) RETURN o.name ORDER BY o.name } AS parties,
       COLLECT { MATCH (o:Organisation)-[:PARTY_TO]->(g) RETURN o.id ORDER BY o.name } AS party_ids,
       size(COLLECT { MATCH (e:Evidence {fact: g.id}) RETURN DISTINCT e.article }) AS articles,
       [c.id, g.id] + COLLECT { MATCH (o:Organisation)-[:PARTY_TO]->(g) RETURN o.id } AS _ids
