package knowledge

// RouteAccess is the module's route × role table (module.Module). The
// knowledge pages and the two relatives' tools are public; the editors'
// pages admit the beheerder role, and within it only the redacteur duty:
// the route rule asks for both, so a beheerder without it gets 403.
func (s *Service) RouteAccess() map[string]string {
	return map[string]string{
		"GET /kennis":                          "public",
		"GET /kennis/{slug}":                   "public",
		"GET /kennis/ondertiteling/{slug}":     "public",
		"GET /naasten/wegwijzer":               "public",
		"GET /naasten/wat-als":                 "public",
		"GET /kennis/redactie":                 "beheerder with duty redacteur",
		"GET /kennis/redactie/nieuw":           "beheerder with duty redacteur",
		"POST /kennis/redactie/nieuw":          "beheerder with duty redacteur",
		"GET /kennis/redactie/{id}":            "beheerder with duty redacteur",
		"POST /kennis/redactie/{id}":           "beheerder with duty redacteur",
		"POST /kennis/redactie/{id}/status":    "beheerder with duty redacteur",
		"POST /kennis/redactie/{id}/offline":   "beheerder with duty redacteur",
		"POST /kennis/redactie/{id}/weggooien": "beheerder with duty redacteur",
		"GET /kennis/driegesprek":              "client,naaste,zorgverlener,ondersteuner",
		"POST /kennis/driegesprek":             "client,naaste,zorgverlener,ondersteuner",
		"GET /kennis/driegesprek/{id}":         "client,naaste,zorgverlener,ondersteuner",
		"POST /kennis/driegesprek/{id}":        "client,naaste,zorgverlener,ondersteuner",

		"GET /api/v1/knowledge/items":                       "public",
		"GET /api/v1/knowledge/items/{slug}":                "public",
		"GET /api/v1/knowledge/facets":                      "public",
		"GET /api/v1/knowledge/editor/items":                "beheerder with duty redacteur",
		"POST /api/v1/knowledge/editor/items":               "beheerder with duty redacteur",
		"POST /api/v1/knowledge/editor/items/{id}":          "beheerder with duty redacteur",
		"GET /api/v1/knowledge/conversations":               "client,naaste,zorgverlener,ondersteuner",
		"POST /api/v1/knowledge/conversations":              "client,naaste,zorgverlener,ondersteuner",
		"POST /api/v1/knowledge/editor/items/{id}/status":   "beheerder with duty redacteur",
		"POST /api/v1/knowledge/editor/items/{id}/withdraw": "beheerder with duty redacteur",
		"POST /api/v1/knowledge/editor/items/{id}/discard":  "beheerder with duty redacteur",
	}
}
