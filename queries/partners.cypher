// name: partners
// description: The partners of an organisation, with the quote and source behind each partnership.
// param: org (organisation, required) Organisation name, alias or id, in any case.
// param: limit (int, default=200) Most rows to return (one row per quote).
// example: kg query run partners --param org=Kenya
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
MATCH (o)-[r:COOPERATES_WITH]-(p:Organisation)
OPTIONAL MATCH (e:Evidence {fact: r.key})-[:STATED_IN]->(a:Article)
WITH o, r, p, e, a
ORDER BY r.weight DESC, p.name, a.published, e.quote
LIMIT $limit
RETURN o.id AS organisation_id, o.name AS organisation, p.id AS partner_id, p.name AS partner,
       p.type AS partner_type,
       r.weight AS articles, COLLECT { UNWIND r.areas AS x RETURN x ORDER BY x } AS areas,
       r.first_seen AS first_seen,
       CASE size(r.first_seen) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END AS first_seen_precision,
       r.last_seen AS last_seen,
       CASE size(r.last_seen) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END AS last_seen_precision,
       e.quote AS quote, a.id AS article_id, a.title AS source, a.url AS url, a.published AS published,
       [o.id, p.id] AS _ids
