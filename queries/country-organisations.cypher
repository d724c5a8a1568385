// name: country-organisations
// description: The organisations of a country (its government, agencies, CERTs, police, companies, universities) with each of their partners.
// param: country (country, required) Country name, alias or id, in any case.
// param: limit (int, default=200) Most rows to return (one row per organisation and partner).
// example: kg query run country-organisations --param country=Kenya
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
  RETURN o
  UNION
  MATCH (o:Organisation)-[:PART_OF]->(c)
  RETURN o
}
OPTIONAL MATCH (o)-[r:COOPERATES_WITH]-(p:Organisation)
WITH o, r, p
ORDER BY o.type <> 'country', o.name, r.weight DESC, p.name
LIMIT $limit
RETURN o.id AS organisation_id, o.name AS organisation, o.type AS type,
       p.id AS partner_id, p.name AS partner, p.type AS partner_type, p.country AS partner_country,
       r.weight AS articles, COLLECT { UNWIND coalesce(r.areas, []) AS x RETURN x ORDER BY x } AS areas,
       [o.id] + CASE WHEN p IS NULL THEN [] ELSE [p.id] END AS _ids
