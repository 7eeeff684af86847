package relatives

// RouteAccess is the module's route × role expectation table
// (module.Module). The landing page is public; plans are read by whom a
// relative shares them with; the expert pages are for relatives, and the
// module refuses an action to one without the expert duty.
func (s *Service) RouteAccess() map[string]string {
	return map[string]string{
		"GET /naasten":                                     "public",
		"GET /naasten/plan":                                "client,naaste,zorgverlener,ondersteuner",
		"GET /naasten/plan/nieuw":                          "naaste",
		"POST /naasten/plan/nieuw":                         "naaste",
		"GET /naasten/plan/{id}":                           "client,naaste,zorgverlener,ondersteuner",
		"GET /naasten/plan/{id}/plan.pdf":                  "client,naaste,zorgverlener,ondersteuner",
		"GET /naasten/plan/{id}/bewerken":                  "naaste",
		"POST /naasten/plan/{id}/bewerken":                 "naaste",
		"POST /naasten/plan/{id}/delen":                    "naaste",
		"POST /naasten/plan/{id}/delen/{sid}/intrekken":    "naaste",
		"GET /naasten/terugbellen":                         "naaste",
		"POST /naasten/terugbellen":                        "naaste",
		"GET /naasten/ervaringsdeskundige":                 "naaste",
		"POST /naasten/ervaringsdeskundige":                "naaste",
		"POST /naasten/ervaringsdeskundige/{id}":           "naaste",
		"GET /naasten/lotgenoten":                          "naaste",
		"POST /naasten/lotgenoten":                         "naaste",
		"POST /naasten/lotgenoten/{id}/contact":            "naaste",
		"POST /naasten/lotgenoten/verzoeken/{id}/aannemen": "naaste",
		"POST /naasten/lotgenoten/contacten/{id}/bericht":  "naaste",
		"GET /naasten/logeren":                             "naaste,zorgverlener,ondersteuner",
		"GET /naasten/vragenlijst":                         "naaste",
		"POST /naasten/vragenlijst":                        "naaste",
		"GET /naasten/vragenlijst/uitkomsten":              "public",
		"GET /api/v1/relatives/plans":                      "client,naaste,zorgverlener,ondersteuner",
		"POST /api/v1/relatives/plans":                     "naaste",
		"GET /api/v1/relatives/plans/{id}":                 "client,naaste,zorgverlener,ondersteuner",
		"POST /api/v1/relatives/plans/{id}/shares":         "naaste",
		"POST /api/v1/relatives/callbacks":                 "naaste",
		"GET /api/v1/relatives/callbacks":                  "naaste",
		"POST /api/v1/relatives/survey":                    "naaste",
		"GET /api/v1/relatives/survey/results":             "public",
		"GET /api/v1/relatives/respite":                    "naaste,zorgverlener,ondersteuner",
	}
}
