package crisis

import (
	"html/template"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// neighbourRegions lists, per care-office region (orgs.CareOfficeRegions),
// the regions whose area touches it by land or by a fixed crossing (a
// bridge, a dam, the Afsluitdijk). It is this product's approximation,
// written from public knowledge of the regions' municipalities and not
// checked against the care offices' own lists; it only orders where the
// decision page looks first for a free bed when the own region has none.
// TestNeighbourRegions checks it is symmetric and complete.
var neighbourRegions = map[string][]string{
	"ZK01": {"ZK02", "ZK03"},
	"ZK02": {"ZK01", "ZK03", "ZK05", "ZK10", "ZK13"},
	"ZK03": {"ZK01", "ZK02", "ZK05"},
	"ZK04": {"ZK05", "ZK06", "ZK07"},
	"ZK05": {"ZK02", "ZK03", "ZK04", "ZK06", "ZK07", "ZK10"},
	"ZK06": {"ZK04", "ZK05", "ZK07"},
	"ZK07": {"ZK04", "ZK05", "ZK06", "ZK08", "ZK12"},
	"ZK08": {"ZK07", "ZK09", "ZK11", "ZK12"},
	"ZK09": {"ZK08", "ZK23", "ZK28", "ZK30"},
	"ZK10": {"ZK02", "ZK05", "ZK12", "ZK16", "ZK17"},
	"ZK11": {"ZK08", "ZK12", "ZK16", "ZK17", "ZK21", "ZK23"},
	"ZK12": {"ZK07", "ZK08", "ZK10", "ZK11", "ZK17"},
	"ZK13": {"ZK02", "ZK14", "ZK15"},
	"ZK14": {"ZK13", "ZK15", "ZK16", "ZK18"},
	"ZK15": {"ZK13", "ZK14", "ZK16"},
	"ZK16": {"ZK10", "ZK11", "ZK14", "ZK15", "ZK17", "ZK18"},
	"ZK17": {"ZK10", "ZK11", "ZK12", "ZK16"},
	"ZK18": {"ZK14", "ZK16", "ZK19", "ZK21"},
	"ZK19": {"ZK18", "ZK20", "ZK21"},
	"ZK20": {"ZK19", "ZK21", "ZK22"},
	"ZK21": {"ZK11", "ZK18", "ZK19", "ZK20", "ZK22", "ZK23"},
	"ZK22": {"ZK20", "ZK21", "ZK23", "ZK24"},
	"ZK23": {"ZK09", "ZK11", "ZK21", "ZK22", "ZK24", "ZK26", "ZK28"},
	"ZK24": {"ZK22", "ZK23", "ZK25", "ZK26"},
	"ZK25": {"ZK24", "ZK26"},
	"ZK26": {"ZK23", "ZK24", "ZK25", "ZK27"},
	"ZK27": {"ZK26", "ZK28", "ZK29"},
	"ZK28": {"ZK09", "ZK23", "ZK27", "ZK29", "ZK30"},
	"ZK29": {"ZK27", "ZK28", "ZK30"},
	"ZK30": {"ZK09", "ZK28", "ZK29", "ZK31"},
	"ZK31": {"ZK30"},
}

// Neighbours lists the regions next to region (see neighbourRegions).
func Neighbours(region string) []string { return neighbourRegions[region] }

// telURI makes a tel: link from a phone number by the platform's one
// phone rule (auth.NormalizeAnyPhone and auth.TelURI): a Dutch number
// dials as +31…, a number abroad with its country code. An empty result
// means the number cannot be dialled, and the page shows it as text.
func telURI(phone string) template.URL {
	w, ok := auth.NormalizeAnyPhone(phone)
	if !ok || w == "" {
		return ""
	}
	return template.URL(auth.TelURI(w))
}

// ReporterTel is the reporter's phone as a tel: link ("" when none).
func (c Case) ReporterTel() template.URL { return telURI(c.ReporterPhone) }

// Tel is the bed's phone as a tel: link ("" when none).
func (b Bed) Tel() template.URL { return telURI(b.Phone) }

// ClockRunning reports whether the admission clock still runs: nobody
// admitted nor otherwise helped yet.
func (c Case) ClockRunning() bool {
	_, by := c.ClockStopped()
	return by == StopNone
}
