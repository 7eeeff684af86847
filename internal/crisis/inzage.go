package crisis

import (
	"context"

	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/orgs"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Inzage (module.Module) is the crisis module's part of a client's right-of-access
// export (clients.Service.Sections): every crisis report about the client
// with its course. The register audits the export itself.
func (s *Service) Inzage(ctx context.Context, clientID int64) (clients.Section, error) {
	cs, err := s.ClientCases(ctx, clientID)
	if err != nil {
		return clients.Section{}, err
	}
	sec := clients.Section{Key: "crisis", Title: "Crisismeldingen", Intro: "Meldingen van een crisis en wat de crisisregisseur en het C.O.T. besloten en deden."}
	tbl := clients.SectionTable{Caption: "Crisismeldingen", Header: []string{"Gemeld op", "Regio", "Urgentie", "Status", "Wat is er gebeurd", "Besloten op", "Afgesloten op"}}
	loc := web.Amsterdam()
	for _, c := range cs {
		decided, closed := "", ""
		if !c.DecidedAt.IsZero() {
			decided = c.DecidedAt.In(loc).Format("02-01-2006 15:04")
		}
		if !c.ClosedAt.IsZero() {
			closed = c.ClosedAt.In(loc).Format("02-01-2006 15:04")
		}
		tbl.Rows = append(tbl.Rows, []string{c.ReportedAt.In(loc).Format("02-01-2006 15:04"), orgs.RegionLabel(c.Region),
			c.Urgency.Label(), c.Status.Label(), c.WhatHappened, decided, closed})
	}
	if len(tbl.Rows) > 0 {
		sec.Tables = []clients.SectionTable{tbl}
	} else {
		sec.Fields = []clients.Field{{Label: "Crisismeldingen", Value: "Geen"}}
	}
	return sec, nil
}

// EasyRead is what happens now in a crisis, for the client in easy-read:
// short sentences, one idea per line, no jargon. The page and the API
// say the same lines (the page translates them).
func EasyRead(c Case) []string {
	switch c.Status {
	case StatusReported:
		return []string{"Iemand heeft gezegd dat het niet goed gaat.", "De crisisregisseur kijkt wat er nodig is.", "U hoort snel wat er gaat gebeuren."}
	case StatusInProgress:
		return []string{"De crisisregisseur is bezig.", "Die zoekt de beste hulp voor u.", "U hoort snel wat er gaat gebeuren."}
	case StatusAdmission:
		lines := []string{"U gaat even ergens anders wonen.", "Daar is het rustig en is er hulp.", "Het is voor korte tijd."}
		if c.HandoverRef != "" {
			lines = append(lines, "Er wordt een nieuwe plek voor u gezocht.")
		}
		return lines
	case StatusCOT:
		return []string{"Er komt een team om te helpen.", "Dat team helpt ook uw begeleiders.", "U blijft waar u woont."}
	case StatusHandedOver:
		return []string{"Er wordt een nieuwe plek voor u gezocht.", "Uw begeleider blijft voor u zorgen."}
	}
	return []string{"De crisis is voorbij.", "De extra hulp is gestopt."}
}

// EasyReadAbout is EasyRead told to a relative or representative about
// the client: each line a pattern whose {naam} is the client's name ("Sanne
// gaat even ergens anders wonen."), since the relative is not the one in
// crisis. The page translates the pattern, then fills in the name.
func EasyReadAbout(c Case) []string {
	switch c.Status {
	case StatusReported:
		return []string{"Iemand heeft gezegd dat het niet goed gaat met {naam}.", "De crisisregisseur kijkt wat er nodig is.", "U hoort snel wat er gaat gebeuren."}
	case StatusInProgress:
		return []string{"De crisisregisseur is bezig.", "Die zoekt de beste hulp voor {naam}.", "U hoort snel wat er gaat gebeuren."}
	case StatusAdmission:
		lines := []string{"{naam} gaat even ergens anders wonen.", "Daar is het rustig en is er hulp.", "Het is voor korte tijd."}
		if c.HandoverRef != "" {
			lines = append(lines, "Er wordt een nieuwe plek voor {naam} gezocht.")
		}
		return lines
	case StatusCOT:
		return []string{"Er komt een team om te helpen.", "Dat team helpt ook de begeleiders van {naam}.", "{naam} blijft thuis wonen."}
	case StatusHandedOver:
		return []string{"Er wordt een nieuwe plek voor {naam} gezocht.", "De begeleider van {naam} blijft helpen."}
	}
	return []string{"De crisis van {naam} is voorbij.", "De extra hulp is gestopt."}
}

// easyReadCallAbout is the relative's last line: whom to call.
const easyReadCallAbout = "Vragen? Bel de begeleider van {naam}."

// easyReadCall is the line every easy-read crisis ends with.
const easyReadCall = "Vragen? Bel uw begeleider."
