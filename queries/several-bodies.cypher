// name: several-bodies
// description: Organisations that are members of several intergovernmental bodies or alliances.
// param: min (int, default=2) Fewest memberships.
// param: limit (int, default=100) Most rows to return.
// example: kg query run several-bodies --param min=2
MATCH (o:Organisation)-[:MEMBER_OF]->(b:Organisation)
WITH o, b
ORDER BY b.name
WITH o, collect(b.name) AS bodies, collect(b.id) AS body_ids
WHERE size(bodies) >= $min
RETURN o.id AS organisation_id, o.name AS organisation, o.type AS type, size(bodies) AS memberships,
       bodies, body_ids,
       [o.id] + body_ids AS _ids
ORDER BY memberships DESC, organisation
LIMIT $limit
