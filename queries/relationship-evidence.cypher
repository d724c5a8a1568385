// name: relationship-evidence
// description: Everything the corpus says about two organisations: partnership, shared agreements, membership, with quotes and sources.
// param: a (organisation, required) First organisation: name, alias or id, in any case.
// param: b (organisation, required) Second organisation: name, alias or id, in any case.
// example: kg query run relationship-evidence --param a=Kenya --param b=Romania
OPTIONAL MATCH (by_x:Organisation {id: $a})
CALL (by_x) {
  WITH by_x WHERE by_x IS NOT NULL RETURN by_x AS x
  UNION
  WITH by_x WHERE by_x IS NULL
  MATCH (x:Organisation)
  WHERE toLower(x.name) = toLower($a)
     OR any(alias IN coalesce(x.aliases, []) WHERE toLower(alias) = toLower($a))
  RETURN x
}
OPTIONAL MATCH (by_y:Organisation {id: $b})
CALL (x, by_y) {
  WITH by_y WHERE by_y IS NOT NULL RETURN by_y AS y
  UNION
  WITH by_y WHERE by_y IS NULL
  MATCH (y:Organisation)
  WHERE toLower(y.name) = toLower($b)
     OR any(alias IN coalesce(y.aliases, []) WHERE toLower(alias) = toLower($b))
  RETURN y
}
WITH x, y WHERE x <> y
CALL (x, y) {
  MATCH (x)-[r:COOPERATES_WITH|MEMBER_OF|PART_OF]-(y)
  RETURN type(r) AS relation, startNode(r).name AS subject, endNode(r).name AS object,
         startNode(r).id AS subject_id, endNode(r).id AS object_id,
         null AS agreement, null AS agreement_id, r.key AS fact, [] AS elements
  UNION
  MATCH (x)-[:PARTY_TO]->(g:Agreement)<-[:PARTY_TO]-(y)
  RETURN 'PARTY_TO' AS relation, x.name AS subject, y.name AS object,
         x.id AS subject_id, y.id AS object_id,
         coalesce(g.name, g.label) AS agreement, g.id AS agreement_id, g.id AS fact, [g.id] AS elements
}
MATCH (e:Evidence {fact: fact})-[:STATED_IN]->(s:Article)
RETURN relation, subject, object, agreement, e.quote AS quote, s.title AS source, s.url AS url,
       subject_id, object_id, agreement_id, s.id AS article_id,
       s.published AS published, [x.id, y.id] + elements AS _ids
ORDER BY published, relation, agreement, quote
