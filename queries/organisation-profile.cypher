// name: organisation-profile
// description: One organisation at a glance: type, country, aliases, memberships, parent and units, partners, agreements, and the articles it and its relationships are stated in.
// param: org (organisation, required) Organisation name, alias or id, in any case.
// example: kg query run organisation-profile --param org=Interpol
OPTIONAL MATCH (by_o:Organisation {id: $org})
CALL (by_o) {
  WITH by_o WHERE by_o IS NOT NULL RETURN by_o AS o
  UNION
  WITH by_o WHERE by_o IS NULL
  MATCH (o:Organisation)
  WHERE toLower(o.name) = toLower($org)
     OR any(alias IN coalesce(o.aliases, []) WHERE toLower(alias) = toLower($org))
  RETURN o
}
WITH o, [o.id] + COLLECT { MATCH (o)-[r]-() WHERE r.key IS NOT NULL RETURN r.key } AS facts
RETURN o.id AS id, o.name AS name, o.type AS type, o.country AS country,
       COLLECT { UNWIND coalesce(o.aliases, []) AS x RETURN x ORDER BY x } AS aliases,
       COLLECT { MATCH (o)-[:MEMBER_OF]->(b:Organisation) RETURN b.name ORDER BY b.name } AS member_of,
       COLLECT { MATCH (o)-[:MEMBER_OF]->(b:Organisation) RETURN b.id ORDER BY b.name } AS member_of_ids,
       COLLECT { MATCH (o)-[:PART_OF]->(b:Organisation) RETURN b.name ORDER BY b.name } AS part_of,
       COLLECT { MATCH (o)-[:PART_OF]->(b:Organisation) RETURN b.id ORDER BY b.name } AS part_of_ids,
       COLLECT { MATCH (u:Organisation)-[:PART_OF]->(o) RETURN u.name ORDER BY u.name } AS units,
       COLLECT { MATCH (u:Organisation)-[:PART_OF]->(o) RETURN u.id ORDER BY u.name } AS unit_ids,
       COUNT { (o)-[:COOPERATES_WITH]-() } AS partners,
       COUNT { (o)-[:PARTY_TO]->() } AS agreements,
       COLLECT { MATCH (e:Evidence)-[:STATED_IN]->(s:Article) WHERE e.fact IN facts
                 WITH DISTINCT s ORDER BY s.published, s.id RETURN s.title } AS sources,
       COLLECT { MATCH (e:Evidence)-[:STATED_IN]->(s:Article) WHERE e.fact IN facts
                 WITH DISTINCT s ORDER BY s.published, s.id RETURN s.id } AS source_ids,
       [o.id] AS _ids
ORDER BY id
