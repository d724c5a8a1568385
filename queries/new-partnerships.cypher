// name: new-partnerships
// description: Partnerships first reported on or after a date, newest first, with the article that first reported each.
// param: since (date, required) Earliest first-seen date (YYYY, YYYY-MM or YYYY-MM-DD).
// param: limit (int, default=200) Most rows to return.
// example: kg query run new-partnerships --param since=2024-01-01
MATCH (a:Organisation)-[r:COOPERATES_WITH]->(b:Organisation)
WHERE r.first_seen >= $since
WITH a, r, b
ORDER BY r.first_seen DESC, a.name, b.name
LIMIT $limit
RETURN r.first_seen AS first_seen,
       CASE size(r.first_seen) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END AS first_seen_precision,
       a.id AS organisation_id, a.name AS organisation,
       b.id AS partner_id, b.name AS partner, r.weight AS articles,
       COLLECT { UNWIND r.areas AS x RETURN x ORDER BY x } AS areas,
       COLLECT { MATCH (:Evidence {fact: r.key})-[:STATED_IN]->(s:Article)
                 RETURN s.title ORDER BY s.published, s.title LIMIT 1 }[0] AS first_source,
       COLLECT { MATCH (:Evidence {fact: r.key})-[:STATED_IN]->(s:Article)
                 RETURN s.id ORDER BY s.published, s.title LIMIT 1 }[0] AS first_source_id,
       [a.id, b.id] AS _ids
