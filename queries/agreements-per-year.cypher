// name: agreements-per-year
// description: How many agreements were made each year, per agreement type (undated ones last).
// param: type (agreement_type) Only this agreement type (mou, treaty, framework, partnership, declaration, other).
// example: kg query run agreements-per-year --param type=mou
MATCH (g:Agreement)
WHERE $type IS NULL OR g.type = $type
RETURN left(g.date, 4) AS year, g.type AS type, count(*) AS agreements
ORDER BY year IS NULL, year, type
