package safety

// RouteAccess is the module's route × role expectation table
// (module.Module). The reporting flow, the status page and the prevention
// page are public: nobody has to log in to report. Handling is for the
// aanbieder role; within it only an account with the duty
// vertrouwenspersoon sees reports, and only those of its organisations.
func (s *Service) RouteAccess() map[string]string {
	return map[string]string{
		"GET /meldingen":                               "public",
		"POST /meldingen":                              "public",
		"GET /meldingen/status":                        "public",
		"POST /meldingen/status":                       "public",
		"GET /meldingen/wat-is-goed":                   "public",
		"GET /meldingen/snel-weg.js":                   "public",
		"GET /meldingen/meldingen.css":                 "public",
		"GET /meldingen/mijn":                          "any",
		"POST /meldingen/mijn/{id}/bericht":            "any",
		"GET /meldingen/behandelen":                    "aanbieder",
		"GET /meldingen/behandelen/medewerkers":        "aanbieder",
		"GET /meldingen/behandelen/{id}":               "aanbieder",
		"POST /meldingen/behandelen/{id}/stap":         "aanbieder",
		"POST /meldingen/behandelen/{id}/igj":          "aanbieder",
		"GET /meldingen/behandelen/{id}/igj.pdf":       "aanbieder",
		"POST /meldingen/behandelen/{id}/bericht":      "aanbieder",
		"POST /meldingen/behandelen/{id}/afsluiten":    "aanbieder",
		"POST /api/v1/safety/reports":                  "public",
		"POST /api/v1/safety/status":                   "public",
		"GET /api/v1/safety/reports":                   "aanbieder",
		"GET /api/v1/safety/reports/{id}":              "aanbieder",
		"GET /api/v1/safety/aggregates":                "zorgkantoor,programma",
		"GET /api/v1/safety/reports/{id}/inspectorate": "aanbieder",
	}
}
