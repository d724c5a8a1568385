// name: agreement-details
// description: One agreement: type, date, place, parties, commitment areas, and every quote and source about it.
// param: agreement (agreement, required) Agreement name or id, in any case.
// example: kg query run agreement-details --param "agreement=AU-EU Cyber Dialogue"
OPTIONAL MATCH (by_g:Agreement {id: $agreement})
CALL (by_g) {
  WITH by_g WHERE by_g IS NOT NULL RETURN by_g AS g
  UNION
  WITH by_g WHERE by_g IS NULL
  MATCH (g:Agreement)
  WHERE toLower(g.name) = toLower($agreement)
     OR toLower(g.label) = toLower($agreement)
  RETURN g
}
OPTIONAL MATCH (e:Evidence {fact: g.id})-[:STATED_IN]->(s:Article)
RETURN g.id AS agreement_id, coalesce(g.name, g.label) AS agreement, g.type AS type, g.date AS date,
       CASE size(g.date) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END AS date_precision, g.place AS place,
       COLLECT { MATCH (o:Organisation)-[:PARTY_TO]->(g) RETURN o.name ORDER BY o.name } AS parties,
       COLLECT { MATCH (o:Organisation)-[:PARTY_TO]->(g) RETURN o.id ORDER BY o.name } AS party_ids,
       COLLECT { MATCH (g)-[:COVERS]->(a:CommitmentArea) RETURN a.id ORDER BY a.id } AS areas,
       e.quote AS quote, s.id AS article_id, s.title AS source, s.url AS url, s.published AS published,
       [g.id] + COLLECT { MATCH (o:Organisation)-[:PARTY_TO]->(g) RETURN o.id } AS _ids
ORDER BY agreement, published, quote
