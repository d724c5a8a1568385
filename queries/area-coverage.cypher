// name: area-coverage
// description: Which commitment areas a country's agreements cover, and which they do not.
// param: country (string, required) Country name, alias or id, in any case.
// example: kg query run area-coverage --param country=Kenya
MATCH (c:Country)
WHERE c.id = $country OR toLower(c.name) = toLower($country)
   OR any(alias IN coalesce(c.aliases, []) WHERE toLower(alias) = toLower($country))
CALL (c) {
  MATCH (o:Organisation {country: c.name})
  WHERE o.type IN ['country', 'government-agency', 'law-enforcement', 'cert']
  RETURN o
  UNION
  MATCH (o:Organisation)-[:PART_OF]->(c)
  RETURN o
}
OPTIONAL MATCH (o)-[:PARTY_TO]->(g:Agreement)
WITH c, collect(DISTINCT g) AS agreements
MATCH (x:CommitmentArea)
WITH c, x, [g IN agreements WHERE EXISTS { (g)-[:COVERS]->(x) }] AS covering
RETURN c.name AS country, x.id AS area, x.label AS label, size(covering) > 0 AS covered,
       size(covering) AS agreements,
       COLLECT { UNWIND covering AS g RETURN g.name ORDER BY g.name } AS agreement_names
ORDER BY covered DESC, agreements DESC, area
