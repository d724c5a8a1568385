// name: areas-by-year
// description: Per year and commitment area: agreements dated that year that cover it, and partnerships first seen that year on it.
// param: area (area) Only this commitment area (id or label).
// param: since (date) Only years from this date's year on (YYYY, YYYY-MM or YYYY-MM-DD).
// param: until (date) Only years up to this date's year.
// example: kg query run areas-by-year --param since=2020
CALL () {
  MATCH (g:Agreement)-[:COVERS]->(c:CommitmentArea)
  WHERE g.date IS NOT NULL
  RETURN left(g.date, 4) AS year, c.id AS area, count(g) AS agreements, 0 AS partnerships
  UNION ALL
  MATCH ()-[r:COOPERATES_WITH]->()
  WHERE r.first_seen IS NOT NULL
  UNWIND r.areas AS area
  RETURN left(r.first_seen, 4) AS year, area, 0 AS agreements, count(*) AS partnerships
}
WITH year, area, sum(agreements) AS agreements, sum(partnerships) AS partnerships
WHERE ($since IS NULL OR year >= left($since, 4)) AND ($until IS NULL OR year <= left($until, 4))
MATCH (c:CommitmentArea {id: area})
WHERE $area IS NULL OR c.id = $area OR toLower(c.label) = toLower($area)
RETURN year, c.id AS area_id, c.label AS area, agreements, partnerships
ORDER BY year, area_id
