// name: most-connected
// description: The organisations with the most partners, overall or on one commitment area, optionally of one type, with the number of distinct articles behind their partnerships.
// param: area (area) Commitment area id or label: count only partnerships on it.
// param: type (org_type) Organisation type id (country, government-agency, intergovernmental, company, cert, law-enforcement, academic, ngo, other).
// param: limit (int, default=20) Most rows to return.
// example: kg query run most-connected --param area=capacity-building --param limit=10
OPTIONAL MATCH (c:CommitmentArea)
WHERE c.id = $area OR toLower(c.label) = toLower($area)
WITH CASE WHEN $area IS NULL THEN null ELSE coalesce(c.id, '') END AS area
MATCH (a:Organisation)-[r:COOPERATES_WITH]->(b:Organisation)
WHERE area IS NULL OR area IN r.areas
UNWIND [a, b] AS o
WITH o, count(*) AS partners, collect(r.key) AS keys
WHERE $type IS NULL OR o.type = $type
ORDER BY partners DESC
// articles are counted only for the organisations that can make the cut
WITH collect({o: o, partners: partners, keys: keys}) AS ranked
WITH ranked, coalesce(ranked[$limit - 1].partners, 0) AS cutoff
UNWIND ranked AS x
WITH x WHERE x.partners >= cutoff
WITH x.o AS o, x.partners AS partners,
     COUNT { MATCH (e:Evidence) WHERE e.fact IN x.keys RETURN DISTINCT e.article } AS articles
ORDER BY partners DESC, articles DESC, o.name
LIMIT $limit
RETURN o.id AS organisation_id, o.name AS organisation, o.type AS type, partners, articles,
       [o.id] AS _ids
