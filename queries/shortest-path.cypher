// name: shortest-path
// description: The shortest chain of cooperation (at most 6 partnerships) between two organisations.
// param: source (organisation, required) First organisation: name, alias or id, in any case.
// param: target (organisation, required) Second organisation: name, alias or id, in any case.
// example: kg query run shortest-path --param source=Romania --param target=Nigeria
MATCH (a:Organisation)
WHERE a.id = $source OR toLower(a.name) = toLower($source)
   OR any(alias IN coalesce(a.aliases, []) WHERE toLower(alias) = toLower($source))
MATCH (b:Organisation)
WHERE (b.id = $target OR toLower(b.name) = toLower($target)
   OR any(alias IN coalesce(b.aliases, []) WHERE toLower(alias) = toLower($target)))
  AND a <> b
MATCH p = shortestPath((a)-[:COOPERATES_WITH*..6]-(b))
RETURN length(p) AS hops, [n IN nodes(p) | n.name] AS path,
       [r IN relationships(p) | r.weight] AS articles_per_hop, [n IN nodes(p) | n.id] AS path_ids,
       [n IN nodes(p) | n.id] AS _ids
ORDER BY hops, path
