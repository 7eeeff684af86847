package sleep

import (
	"context"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Inzage (module.Module) is Nachtrust's part of a client's right of access (AVG
// art. 15): the sensors linked to the client, the stored nights and the
// intervention notes. Raw data and minutes are summarised by count, not
// listed.
func (s *Service) Inzage(ctx context.Context, clientID int64) (clients.Section, error) {
	sec := clients.Section{Key: "sleep", Title: "Nachtrust (slaapmonitoring)",
		Intro: "Gegevens van slaapsensoren: per nacht de tijden in bed, slaap en wakker zijn. Een hulpmiddel om patronen te zien, geen alarm; de cijfers zijn een indicatie."}
	links, err := s.ClientLinks(ctx, clientID)
	if err != nil {
		return sec, err
	}
	lt := clients.SectionTable{Caption: "Gekoppelde sensoren", Header: []string{"Sensor", "Van", "Tot"}}
	for _, l := range links {
		sn, err := s.SensorByID(ctx, l.SensorID)
		if err != nil {
			return sec, err
		}
		end := "open"
		if !l.End.IsZero() {
			end = l.End.In(s.loc).Format("02-01-2006")
		}
		lt.Rows = append(lt.Rows, []string{sn.Serial + " (" + sn.Kind + ")", l.Start.In(s.loc).Format("02-01-2006"), end})
	}
	minutes, err := s.store.minuteCount(ctx, clientID)
	if err != nil {
		return sec, err
	}
	nights, err := s.store.allNightsStored(ctx, clientID)
	if err != nil {
		return sec, err
	}
	// Dutch number and date formats, as every page shows them: a month of
	// minutes runs into the tens of thousands.
	num := func(n int) string { return web.NewFormatter().Int(int64(n)) }
	sec.Fields = []clients.Field{{Label: "Opgeslagen minuten", Value: num(minutes)}, {Label: "Nachten", Value: num(len(nights))}}
	nt := clients.SectionTable{Caption: "Nachten", Header: []string{"Nacht van", "Uitkomst", "In bed (min)", "Slaap (min)", "Wakker na inslapen (min)", "Keer wakker", "Opvallend"}}
	for _, n := range nights {
		nt.Rows = append(nt.Rows, []string{n.DateNL(), n.StatusText(), num(n.Duration), num(n.TST), num(n.WASO), num(n.Awakenings), joinTexts(n.FlagTexts())})
	}
	notes, err := s.Notes(ctx, clientID)
	if err != nil {
		return sec, err
	}
	ntt := clients.SectionTable{Caption: "Notities over veranderingen", Header: []string{"Vanaf", "Notitie"}}
	for _, n := range notes {
		ntt.Rows = append(ntt.Rows, []string{dateNL(n.Date), n.Text})
	}
	sec.Tables = []clients.SectionTable{lt, nt, ntt}
	sec.Data = map[string]any{"minutes": minutes, "nights": nights, "notes": notes}
	return sec, nil
}

func joinTexts(ts []string) string {
	out := ""
	for i, t := range ts {
		if i > 0 {
			out += "; "
		}
		out += t
	}
	return out
}
