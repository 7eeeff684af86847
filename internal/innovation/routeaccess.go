package innovation

// RouteAccess is the module's route × role table (module.Module). Record
// scope is decided in the service: a project is reached only by the
// provider, professionals and client council (naaste with the duty) of its
// organisations; the programme reads aggregates only.
func (s *Service) RouteAccess() map[string]string {
	const (
		overviewRoles = "naaste,zorgverlener,aanbieder,zorgkantoor,programma"
		readers       = "naaste,zorgverlener,aanbieder"
		contributors  = "zorgverlener,aanbieder"
		figures       = "aanbieder,zorgkantoor,programma"
	)
	return map[string]string{
		"GET /innovatie":                                   overviewRoles,
		"GET /innovatie/gids":                              "any",
		"GET /innovatie/projecten/nieuw":                   "aanbieder",
		"POST /innovatie/projecten":                        "aanbieder",
		"GET /innovatie/projecten/{id}":                    readers,
		"POST /innovatie/projecten/{id}/zorgvraag":         "aanbieder",
		"POST /innovatie/projecten/{id}/zelfscan":          "aanbieder",
		"POST /innovatie/projecten/{id}/kandidaten":        "aanbieder",
		"POST /innovatie/projecten/{id}/matrix":            "aanbieder",
		"POST /innovatie/projecten/{id}/keuze":             "aanbieder",
		"POST /innovatie/projecten/{id}/taken":             "aanbieder",
		"POST /innovatie/projecten/{id}/taken/{tid}/klaar": contributors,
		"POST /innovatie/projecten/{id}/metingen":          contributors,
		"POST /innovatie/projecten/{id}/metingen/{mid}":    contributors,
		"POST /innovatie/projecten/{id}/opschaling":        "aanbieder",
		"POST /innovatie/projecten/{id}/deelnemers":        contributors,
		"POST /innovatie/projecten/{id}/advies":            "naaste",
		"POST /innovatie/projecten/{id}/advies/{aid}":      "aanbieder",
		"POST /innovatie/projecten/{id}/besluit":           "aanbieder",
		"GET /innovatie/technologie":                       overviewRoles,
		"POST /innovatie/technologie":                      "aanbieder",
		"GET /innovatie/technologie/vergelijken":           overviewRoles,
		"GET /innovatie/technologie/{id}":                  overviewRoles,
		"GET /innovatie/themas":                            overviewRoles,
		"GET /innovatie/themas/{code}":                     overviewRoles,
		"POST /innovatie/themas/{code}/leden":              "aanbieder",
		"POST /innovatie/themas/{code}/bijeenkomsten":      "aanbieder",
		"POST /innovatie/themas/{code}/kennis":             contributors,
		"GET /innovatie/cijfers":                           figures,
		"GET /innovatie/export.csv":                        "aanbieder",
		"GET /innovatie/export.xlsx":                       "aanbieder",
		"GET /innovatie/projecten/{id}/besluit.pdf":        readers,
		"GET /api/v1/innovation/projects":                  readers,
		"POST /api/v1/innovation/projects":                 "aanbieder",
		"GET /api/v1/innovation/projects/{id}":             readers,
		"POST /api/v1/innovation/projects/{id}/gate":       "aanbieder",
		"POST /api/v1/innovation/projects/{id}/matrix":     "aanbieder",
		"POST /api/v1/innovation/projects/{id}/advice":     "naaste",
		"GET /api/v1/innovation/technologies":              overviewRoles,
		"POST /api/v1/innovation/technologies":             "aanbieder",
		"GET /api/v1/innovation/figures":                   figures,
	}
}
