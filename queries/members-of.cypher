// name: members-of
// description: The members of an intergovernmental body or alliance, with how many partners and agreements each has.
// param: body (organisation, required) Body name, alias or id, in any case.
// example: kg query run members-of --param body=ECOWAS
OPTIONAL MATCH (by_b:Organisation {id: $body})
CALL (by_b) {
  WITH by_b WHERE by_b IS NOT NULL RETURN by_b AS b
  UNION
  WITH by_b WHERE by_b IS NULL
  MATCH (b:Organisation)
  WHERE toLower(b.name) = toLower($body)
     OR any(alias IN coalesce(b.aliases, []) WHERE toLower(alias) = toLower($body))
  RETURN b
}
MATCH (m:Organisation)-[r:MEMBER_OF]->(b)
RETURN b.id AS body_id, b.name AS body, m.id AS member_id, m.name AS member, m.type AS type,
       COUNT { (m)-[:COOPERATES_WITH]-() } AS partners,
       COUNT { (m)-[:PARTY_TO]->() } AS agreements,
       [b.id, m.id] AS _ids
ORDER BY member
