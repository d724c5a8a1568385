// name: shortest-path
// description: The shortest chain of cooperation (at most 6 partnerships) between two organisations.
// param: source (organisation, required) First organisation: name, alias or id, in any case.
// param: target (organisation, required) Second organisation: name, alias or id, in any case.
// example: kg query run shortest-path --param source=Romania --param target=Nigeria
OPTIONAL MATCH (by_a:Organisation {id: $source})
CALL (by_a) {
  WITH by_a WHERE by_a IS NOT NULL RETURN by_a AS a
  UNION
  WITH by_a WHERE by_a IS NULL
  MATCH (a:Organisation)
  WHERE toLower(a.name) = toLower($source)
     OR any(alias IN coalesce(a.aliases, []) WHERE toLower(alias) = toLower($source))
  RETURN a
}
OPTIONAL MATCH (by_b:Organisation {id: $target})
CALL (a, by_b) {
  WITH by_b WHERE by_b IS NOT NULL RETURN by_b AS b
  UNION
  WITH by_b WHERE by_b IS NULL
  MATCH (b:Organisation)
  WHERE toLower(b.name) = toLower($target)
     OR any(alias IN coalesce(b.aliases, []) WHERE toLower(alias) = toLower($target))
  RETURN b
}
WITH a, b WHERE a <> b
MATCH p = shortestPath((a)-[:COOPERATES_WITH*..6]-(b))
RETURN length(p) AS hops, [n IN nodes(p) | n.name] AS path,
       [r IN relationships(p) | r.weight] AS articles_per_hop, [n IN nodes(p) | n.id] AS path_ids,
       [n IN nodes(p) | n.id] AS _ids
ORDER BY hops, path
