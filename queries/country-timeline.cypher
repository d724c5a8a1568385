// name: country-timeline
// description: A country's agreements (its government's and its state bodies') in a date range, oldest first.
// param: country (country, required) Country name, alias or id, in any case.
// param: since (date) Only agreements dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
// param: until (date) Only agreements dated on or before this date.
// param: limit (int, default=500) Most rows to return.
// example: kg query run country-timeline --param country=Kenya --param since=2020 --param until=2024-12-31
OPTIONAL MATCH (by_c:Country:Organisation {id: $country})
CALL (by_c) {
  WITH by_c WHERE by_c IS NOT NULL RETURN by_c AS c
  UNION
  WITH by_c WHERE by_c IS NULL
  MATCH (c:Country)
  WHERE toLower(c.name) = toLower($country)
     OR any(alias IN coalesce(c.aliases, []) WHERE toLower(alias) = toLower($country))
  RETURN c
}
CALL (c) {
  MATCH (o:Organisation {country: c.name})
  WHERE o.type IN ['country', 'government-agency', 'law-enforcement', 'cert']
  RETURN o
  UNION
  MATCH (o:Organisation)-[:PART_OF]->(c)
  RETURN o
}
MATCH (o)-[:PARTY_TO]->(g:Agreement)
WHERE ($since IS NULL OR (g.date IS NOT NULL AND g.date >= left($since, size(g.date))))
  AND ($until IS NULL OR (g.date IS NOT NULL AND left(g.date, size($until)) <= $until))
WITH c, g, collect(DISTINCT o) AS own
ORDER BY g.date IS NULL, g.date, g.name
LIMIT $limit
RETURN g.date AS date, CASE size(g.date) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END AS date_precision,
       g.id AS agreement_id, g.name AS agreement, g.type AS type, g.place AS place,
       COLLECT { UNWIND own AS x RETURN x.name ORDER BY x.name } AS signed_by,
       COLLECT { UNWIND own AS x RETURN x.id ORDER BY x.name } AS signed_by_ids,
       COLLECT { MATCH (p:Organisation)-[:PARTY_TO]->(g) WHERE NOT p IN own
                 RETURN p.name ORDER BY p.name } AS partners,
       COLLECT { MATCH (p:Organisation)-[:PARTY_TO]->(g) WHERE NOT p IN own
                 RETURN p.id ORDER BY p.name } AS partner_ids,
       COLLECT { MATCH (g)-[:COVERS]->(a:CommitmentArea) RETURN a.id ORDER BY a.id } AS areas,
       [g.id] + COLLECT { MATCH (p:Organisation)-[:PARTY_TO]->(g) RETURN p.id } AS _ids
