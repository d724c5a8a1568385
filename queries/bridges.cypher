// name: bridges
// description: Organisations that bridge blocs: their partners belong to several intergovernmental bodies.
// param: min_bodies (int, default=2) Fewest distinct bodies among the partners' memberships.
// param: limit (int, default=50) Most rows to return.
// example: kg query run bridges --param min_bodies=3
MATCH (o:Organisation)-[:COOPERATES_WITH]-(p:Organisation)-[:MEMBER_OF]->(b:Organisation)
WHERE b <> o
WITH o, b, count(DISTINCT p) AS members
ORDER BY b.name
WITH o, collect(b.name) AS bodies, collect(b.id) AS body_ids, collect(members) AS partners_per_body
WHERE size(bodies) >= $min_bodies
RETURN o.id AS organisation_id, o.name AS organisation, o.type AS type, size(bodies) AS body_count,
       bodies, body_ids, partners_per_body,
       COLLECT { MATCH (o)-[:MEMBER_OF]->(x:Organisation) RETURN x.name ORDER BY x.name } AS own_bodies,
       [o.id] AS _ids
ORDER BY body_count DESC, organisation
LIMIT $limit
