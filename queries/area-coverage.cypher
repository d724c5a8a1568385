// name: area-coverage
// description: Which commitment areas a country's agreements cover, and which they do not, with the latest agreements on each.
// param: country (country, required) Country name, alias or id, in any case.
// example: kg query run area-coverage --param country=Kenya
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
OPTIONAL MATCH (o)-[:PARTY_TO]->(g:Agreement)-[:COVERS]->(x:CommitmentArea)
WITH DISTINCT c, g, x
ORDER BY g.date IS NULL, g.date DESC, g.name
WITH c, x.id AS area, collect(g.name) AS names, collect(g.id) AS ids
WITH c, collect({area: area, names: names, ids: ids}) AS covered
MATCH (x:CommitmentArea)
WITH c, x, coalesce([e IN covered WHERE e.area = x.id][0].names, []) AS names,
     coalesce([e IN covered WHERE e.area = x.id][0].ids, []) AS ids
RETURN c.id AS country_id, c.name AS country, x.id AS area, x.label AS label, size(names) > 0 AS covered,
       size(names) AS agreements, names[..3] AS latest, ids[..3] AS latest_ids,
       [c.id, x.id] AS _ids
ORDER BY covered DESC, agreements DESC, area
