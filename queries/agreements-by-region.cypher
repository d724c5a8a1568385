// name: agreements-by-region
// description: The agreements of a region: those a regional or intergovernmental body, its members or their agencies are party to, newest first.
// param: region (organisation) The body that stands for the region (name, alias or id), e.g. ECOWAS; every body with members when not given.
// param: limit (int, default=200) Most rows to return.
// example: kg query run agreements-by-region --param region=ECOWAS
MATCH (b:Organisation)
WHERE ($region IS NULL AND EXISTS { (:Organisation)-[:MEMBER_OF]->(b) })
   OR b.id = $region OR toLower(b.name) = toLower($region)
   OR any(alias IN coalesce(b.aliases, []) WHERE toLower(alias) = toLower($region))
CALL (b) {
  MATCH (o:Organisation)-[:MEMBER_OF]->(b)
  RETURN o
  UNION
  MATCH (o:Organisation)-[:PART_OF]->(:Organisation)-[:MEMBER_OF]->(b)
  RETURN o
  UNION
  RETURN b AS o
}
MATCH (o)-[:PARTY_TO]->(g:Agreement)
WITH b, g, collect(DISTINCT o) AS members
ORDER BY b.name, g.date IS NULL, g.date DESC, g.id
LIMIT $limit
RETURN b.id AS region_id, b.name AS region, g.id AS agreement_id,
       coalesce(g.name, g.label) AS agreement, g.type AS type, g.date AS date,
       CASE size(g.date) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END AS date_precision,
       COLLECT { UNWIND members AS x RETURN x.name ORDER BY x.name } AS parties_in_region,
       COLLECT { UNWIND members AS x RETURN x.id ORDER BY x.name } AS parties_in_region_ids,
       COLLECT { MATCH (p:Organisation)-[:PARTY_TO]->(g) WHERE NOT p IN members
                 RETURN p.name ORDER BY p.name } AS other_parties,
       COLLECT { MATCH (p:Organisation)-[:PARTY_TO]->(g) WHERE NOT p IN members
                 RETURN p.id ORDER BY p.name } AS other_party_ids,
       COLLECT { MATCH (g)-[:COVERS]->(c:CommitmentArea) RETURN c.id ORDER BY c.id } AS areas,
       [b.id, g.id] + [x IN members | x.id] AS _ids
