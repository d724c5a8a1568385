// name: organisation-profile
// description: One organisation at a glance: type, country, aliases, memberships, parent and units, partners, agreements, sources.
// param: org (string, required) Organisation name, alias or id, in any case.
// example: kg query run organisation-profile --param org=Interpol
MATCH (o:Organisation)
WHERE o.id = $org OR toLower(o.name) = toLower($org)
   OR any(alias IN coalesce(o.aliases, []) WHERE toLower(alias) = toLower($org))
RETURN o.id AS id, o.name AS name, o.type AS type, o.country AS country,
       COLLECT { UNWIND coalesce(o.aliases, []) AS x RETURN x ORDER BY x } AS aliases,
       COLLECT { MATCH (o)-[:MEMBER_OF]->(b:Organisation) RETURN b.name ORDER BY b.name } AS member_of,
       COLLECT { MATCH (o)-[:PART_OF]->(b:Organisation) RETURN b.name ORDER BY b.name } AS part_of,
       COLLECT { MATCH (u:Organisation)-[:PART_OF]->(o) RETURN u.name ORDER BY u.name } AS units,
       COUNT { (o)-[:COOPERATES_WITH]-() } AS partners,
       COUNT { (o)-[:PARTY_TO]->() } AS agreements,
       [o.id] AS _ids
ORDER BY id
