package support

// RouteAccess is the module's route × role table (module.Module). A family
// file is opened by whom the family let in (decided in the module); the
// supporter keeps it; the family decides who has access; the programme
// sees aggregates and the business case, and configures the latter.
func (s *Service) RouteAccess() map[string]string {
	const (
		pros    = "zorgverlener,aanbieder,zorgkantoor,crisisregisseur,cot,ondersteuner"
		fam     = "client,naaste"
		readers = "client,naaste," + pros
		agg     = "ondersteuner,programma"
	)
	return map[string]string{
		"GET /ondersteuning":                                       pros + ",programma",
		"GET /ondersteuning/gezin/{id}":                            readers,
		"POST /ondersteuning/gezin/{id}/doelen":                    "ondersteuner",
		"POST /ondersteuning/gezin/{id}/doelen/{gid}":              "ondersteuner",
		"POST /ondersteuning/gezin/{id}/netwerk":                   "ondersteuner",
		"POST /ondersteuning/gezin/{id}/logboek":                   "ondersteuner",
		"POST /ondersteuning/gezin/{id}/metingen":                  "ondersteuner",
		"POST /ondersteuning/gezin/{id}/toelating":                 "ondersteuner",
		"POST /ondersteuning/gezin/{id}/plek":                      "ondersteuner",
		"POST /ondersteuning/gezin/{id}/beeindigen":                fam + ",ondersteuner",
		"POST /ondersteuning/gezin/{id}/heropenen":                 fam + ",ondersteuner",
		"POST /ondersteuning/gezin/{id}/toegang":                   fam,
		"POST /ondersteuning/gezin/{id}/toegang/{gid}/intrekken":   fam,
		"GET /ondersteuning/mijn":                                  fam,
		"POST /ondersteuning/mijn":                                 fam,
		"GET /ondersteuning/uitkomsten":                            agg,
		"GET /ondersteuning/businesscase":                          agg,
		"GET /ondersteuning/businesscase/export":                   agg,
		"GET /ondersteuning/businesscase/instellingen":             "programma",
		"POST /ondersteuning/businesscase/instellingen":            "programma",
		"GET /api/v1/support/families":                             pros,
		"GET /api/v1/support/families/{id}":                        readers,
		"POST /api/v1/support/families/{id}/goals":                 "ondersteuner",
		"POST /api/v1/support/families/{id}/actions":               "ondersteuner",
		"POST /api/v1/support/families/{id}/measurements":          "ondersteuner",
		"POST /api/v1/support/families/{id}/end":                   fam + ",ondersteuner",
		"POST /api/v1/support/families/{id}/grants":                fam,
		"POST /api/v1/support/families/{id}/grants/{gid}/withdraw": fam,
		"GET /api/v1/support/outcomes":                             agg,
		"GET /api/v1/support/business-case":                        agg,
		"GET /api/v1/support/mine":                                 fam,
	}
}
