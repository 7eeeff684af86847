package monitor

// RouteAccess is the module's route × role table (module.Module): the
// working monitor is for the programme and administrators (who read it);
// the programme edits; published reports are public.
func (s *Service) RouteAccess() map[string]string {
	const read, edit = "programma,beheerder", "programma"
	return map[string]string{
		"GET /monitor":                                      read,
		"GET /monitor/indicatoren/nieuw":                    edit,
		"POST /monitor/indicatoren":                         edit,
		"GET /monitor/indicatoren/{id}":                     read,
		"POST /monitor/indicatoren/{id}/status":             edit,
		"POST /monitor/indicatoren/{id}/meting":             edit,
		"POST /monitor/indicatoren/{id}/eenvoudig":          edit,
		"GET /monitor/periodes":                             read,
		"POST /monitor/periodes":                            edit,
		"GET /monitor/projecten/{id}":                       read,
		"POST /monitor/projecten/{id}":                      edit,
		"GET /monitor/rapport/{code}":                       read,
		"POST /monitor/rapport/{code}/publiceren":           edit,
		"GET /monitor/export.csv":                           read,
		"GET /monitor/export.xlsx":                          read,
		"GET /monitor/rapporten":                            "public",
		"GET /monitor/rapporten/{code}":                     "public",
		"GET /monitor/rapporten/{code}/eenvoudig":           "public",
		"GET /monitor/rapporten/{code}/pdf":                 "public",
		"GET /monitor/rapporten/{code}/eenvoudig/pdf":       "public",
		"GET /api/v1/monitor/indicators":                    read,
		"POST /api/v1/monitor/indicators":                   edit,
		"GET /api/v1/monitor/indicators/{id}":               read,
		"POST /api/v1/monitor/indicators/{id}/status":       edit,
		"POST /api/v1/monitor/indicators/{id}/measurements": edit,
		"GET /api/v1/monitor/periods":                       read,
		"POST /api/v1/monitor/periods":                      edit,
		"GET /api/v1/monitor/figures":                       read,
		"GET /api/v1/monitor/reports/{code}":                "public",
	}
}
