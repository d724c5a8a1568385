// name: cross-bloc-partnerships
// description: Partnerships between members of one body and members of another (e.g. EU and African Union states).
// param: bloc_a (organisation, required) First body: name, alias or id, in any case.
// param: bloc_b (organisation, required) Second body: name, alias or id, in any case.
// param: limit (int, default=200) Most rows to return.
// example: kg query run cross-bloc-partnerships --param "bloc_a=European Union" --param "bloc_b=African Union"
OPTIONAL MATCH (by_ba:Organisation {id: $bloc_a})
CALL (by_ba) {
  WITH by_ba WHERE by_ba IS NOT NULL RETURN by_ba AS ba
  UNION
  WITH by_ba WHERE by_ba IS NULL
  MATCH (ba:Organisation)
  WHERE toLower(ba.name) = toLower($bloc_a)
     OR any(alias IN coalesce(ba.aliases, []) WHERE toLower(alias) = toLower($bloc_a))
  RETURN ba
}
OPTIONAL MATCH (by_bb:Organisation {id: $bloc_b})
CALL (ba, by_bb) {
  WITH by_bb WHERE by_bb IS NOT NULL RETURN by_bb AS bb
  UNION
  WITH by_bb WHERE by_bb IS NULL
  MATCH (bb:Organisation)
  WHERE toLower(bb.name) = toLower($bloc_b)
     OR any(alias IN coalesce(bb.aliases, []) WHERE toLower(alias) = toLower($bloc_b))
  RETURN bb
}
WITH ba, bb WHERE ba <> bb
MATCH (ba)<-[:MEMBER_OF]-(ma:Organisation)-[r:COOPERATES_WITH]-(mb:Organisation)-[:MEMBER_OF]->(bb)
RETURN ba.name AS bloc_a, ma.name AS member_a, bb.name AS bloc_b, mb.name AS member_b,
       ba.id AS bloc_a_id, ma.id AS member_a_id, bb.id AS bloc_b_id, mb.id AS member_b_id,
       r.weight AS articles, COLLECT { UNWIND r.areas AS x RETURN x ORDER BY x } AS areas,
       r.first_seen AS first_seen,
       CASE size(r.first_seen) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END AS first_seen_precision,
       r.last_seen AS last_seen,
       CASE size(r.last_seen) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END AS last_seen_precision,
       [ma.id, mb.id] AS _ids
ORDER BY articles DESC, member_a, member_b
LIMIT $limit
