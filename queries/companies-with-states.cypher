// name: companies-with-states
// description: Companies in partnerships with states or state bodies (governments, agencies, police, national CERTs).
// param: country (country) Only partnerships with this country's bodies (name, alias or id).
// param: limit (int, default=200) Most rows to return.
// example: kg query run companies-with-states --param country=Kenya
OPTIONAL MATCH (c:Country)
WHERE c.id = $country OR toLower(c.name) = toLower($country)
   OR any(alias IN coalesce(c.aliases, []) WHERE toLower(alias) = toLower($country))
WITH CASE WHEN $country IS NULL THEN null ELSE coalesce(c.name, '') END AS state
MATCH (co:Company)-[r:COOPERATES_WITH]-(s:Organisation)
WHERE s.type IN ['country', 'government-agency', 'law-enforcement', 'cert']
  AND s.country IS NOT NULL AND (state IS NULL OR s.country = state)
RETURN co.id AS company_id, co.name AS company, s.id AS partner_id, s.name AS partner, s.type AS partner_type, s.country AS state,
       r.weight AS articles, COLLECT { UNWIND r.areas AS x RETURN x ORDER BY x } AS areas,
       r.first_seen AS first_seen,
       CASE size(r.first_seen) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END AS first_seen_precision,
       [co.id, s.id] AS _ids
ORDER BY articles DESC, company, partner
LIMIT $limit
