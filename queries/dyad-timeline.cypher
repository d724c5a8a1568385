// name: dyad-timeline
// description: The cooperation timeline of two countries: partnerships and shared agreements between their governments and state bodies, oldest first, each with its quote and source (dated by the agreement, else by the article).
// param: a (country, required) First country: name, alias or id, in any case.
// param: b (country, required) Second country: name, alias or id, in any case.
// param: limit (int, default=200) Most rows to return (one row per quote).
// example: kg query run dyad-timeline --param a=Kenya --param b=Romania
OPTIONAL MATCH (by_ca:Country:Organisation {id: $a})
CALL (by_ca) {
  WITH by_ca WHERE by_ca IS NOT NULL RETURN by_ca AS ca
  UNION
  WITH by_ca WHERE by_ca IS NULL
  MATCH (ca:Country)
  WHERE toLower(ca.name) = toLower($a)
     OR any(alias IN coalesce(ca.aliases, []) WHERE toLower(alias) = toLower($a))
  RETURN ca
}
OPTIONAL MATCH (by_cb:Country:Organisation {id: $b})
CALL (ca, by_cb) {
  WITH by_cb WHERE by_cb IS NOT NULL RETURN by_cb AS cb
  UNION
  WITH by_cb WHERE by_cb IS NULL
  MATCH (cb:Country)
  WHERE toLower(cb.name) = toLower($b)
     OR any(alias IN coalesce(cb.aliases, []) WHERE toLower(alias) = toLower($b))
  RETURN cb
}
WITH ca, cb WHERE ca <> cb
CALL (ca) {
  MATCH (o:Organisation {country: ca.name})
  WHERE o.type IN ['country', 'government-agency', 'law-enforcement', 'cert']
  RETURN o
  UNION
  MATCH (o:Organisation)-[:PART_OF]->(ca)
  RETURN o
}
WITH ca, cb, collect(o) AS own_a
CALL (cb) {
  MATCH (o:Organisation {country: cb.name})
  WHERE o.type IN ['country', 'government-agency', 'law-enforcement', 'cert']
  RETURN o
  UNION
  MATCH (o:Organisation)-[:PART_OF]->(cb)
  RETURN o
}
WITH own_a, collect(o) AS own_b
CALL (own_a, own_b) {
  UNWIND own_a AS x
  MATCH (x)-[r:COOPERATES_WITH]-(y:Organisation)
  WHERE y IN own_b
  RETURN 'COOPERATES_WITH' AS relation, r.key AS fact, r.first_seen AS date, null AS g, x, y
  UNION
  UNWIND own_a AS x
  MATCH (x)-[:PARTY_TO]->(g:Agreement)<-[:PARTY_TO]-(y:Organisation)
  WHERE y IN own_b
  RETURN 'PARTY_TO' AS relation, g.id AS fact, g.date AS date, g, x, y
}
WITH relation, fact, date, g, collect(DISTINCT x) AS xs, collect(DISTINCT y) AS ys
MATCH (e:Evidence {fact: fact})-[:STATED_IN]->(s:Article)
WITH relation, g, xs, ys, e, s,
     CASE WHEN relation = 'PARTY_TO' AND date IS NOT NULL THEN date ELSE s.published END AS date,
     CASE WHEN relation = 'PARTY_TO' AND date IS NOT NULL THEN 'event' ELSE 'publication' END
       AS date_source
ORDER BY date IS NULL, date, relation, s.published, e.quote
LIMIT $limit
RETURN date, CASE size(date) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END
         AS date_precision, date_source, relation,
       COLLECT { UNWIND xs AS n RETURN n.name ORDER BY n.name } AS bodies_a,
       COLLECT { UNWIND xs AS n RETURN n.id ORDER BY n.name } AS bodies_a_ids,
       COLLECT { UNWIND ys AS n RETURN n.name ORDER BY n.name } AS bodies_b,
       COLLECT { UNWIND ys AS n RETURN n.id ORDER BY n.name } AS bodies_b_ids,
       coalesce(g.name, g.label) AS agreement, g.id AS agreement_id,
       e.quote AS quote, s.id AS article_id, s.title AS source, s.url AS url,
       s.published AS published,
       [n IN xs + ys | n.id] + CASE WHEN g IS NULL THEN [] ELSE [g.id] END AS _ids
