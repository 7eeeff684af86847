package sleep

// RouteAccess is the module's route × role expectation table (module.Module):
// record-level scope (organisation, location, own client) is decided in
// the module.
func (s *Service) RouteAccess() map[string]string {
	return map[string]string{
		"GET /nachtrust":                                             "naaste,zorgverlener,aanbieder",
		"GET /nachtrust/clienten/{id}":                               "zorgverlener",
		"POST /nachtrust/clienten/{id}/notities":                     "zorgverlener",
		"GET /nachtrust/naaste/{id}":                                 "naaste",
		"GET /nachtrust/sensoren":                                    "aanbieder",
		"GET /nachtrust/sensoren/nieuw":                              "aanbieder",
		"POST /nachtrust/sensoren/nieuw":                             "aanbieder",
		"GET /nachtrust/sensoren/{id}":                               "aanbieder",
		"POST /nachtrust/sensoren/{id}/koppelingen":                  "aanbieder",
		"POST /nachtrust/sensoren/{id}/koppelingen/{lid}/beeindigen": "aanbieder",
		"GET /nachtrust/upload":                                      "zorgverlener,aanbieder",
		"POST /nachtrust/upload":                                     "zorgverlener,aanbieder",
		"GET /nachtrust/upload/{id}":                                 "zorgverlener,aanbieder",
		"GET /nachtrust/upload.js":                                   "zorgverlener,aanbieder",
		"GET /api/v1/sleep/sensors":                                  "zorgverlener,aanbieder",
		"POST /api/v1/sleep/sensors":                                 "aanbieder",
		"POST /api/v1/sleep/sensors/{serial}/links":                  "aanbieder",
		"GET /api/v1/sleep/sensors/{serial}/links":                   "aanbieder",
		"POST /api/v1/sleep/sensors/{serial}/links/{id}/end":         "aanbieder",
		"POST /api/v1/sleep/sensors/{serial}/files":                  "devices+zorgverlener,aanbieder",
		"POST /api/v1/sleep/sensors/{serial}/stream":                 "devices+",
		"GET /api/v1/sleep/uploads/{id}":                             "zorgverlener,aanbieder",
		"GET /api/v1/sleep/overview":                                 "zorgverlener",
		"GET /api/v1/sleep/clients/{id}/nights":                      "zorgverlener",
		"GET /api/v1/sleep/clients/{id}/summary":                     "naaste,zorgverlener",
		"GET /api/v1/sleep/clients/{id}/notes":                       "zorgverlener",
		"POST /api/v1/sleep/clients/{id}/notes":                      "zorgverlener",
	}
}
