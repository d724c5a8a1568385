// name: most-connected
// description: The organisations with the most partners, overall or on one commitment area, optionally of one type.
// param: area (string) Commitment area id or label: count only partnerships with agreements on it.
// param: type (string) Organisation type id (country, government-agency, intergovernmental, company, cert, law-enforcement, academic, ngo, other).
// param: limit (int, default=20) Most rows to return.
// example: kg query run most-connected --param area=capacity-building --param limit=10
OPTIONAL MATCH (c:CommitmentArea)
WHERE c.id = $area OR toLower(c.label) = toLower($area)
WITH CASE WHEN $area IS NULL THEN null ELSE coalesce(c.id, '') END AS area
MATCH (a:Organisation)-[r:COOPERATES_WITH]->(b:Organisation)
WHERE area IS NULL OR area IN r.areas
UNWIND [a, b] AS o
WITH o, count(*) AS partners, sum(r.weight) AS articles
WHERE $type IS NULL OR o.type = $type
ORDER BY partners DESC, articles DESC, o.name
LIMIT $limit
RETURN o.name AS organisation, o.type AS type, partners, articles, [o.id] AS _ids
