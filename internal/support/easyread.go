package support

import "strings"

// EasyRead is the family file told in easy-read, for the client ("u") or,
// with about set, for a naaste about the client by name: who the supporter
// is, what they work on, the next steps. Short sentences, one idea per
// line. The lines hold the data's own words (goals, next steps), so they
// are not translated as a whole; the page and the API say the same.
func EasyRead(fl File, about bool) []string {
	name := fl.Family.ClientName
	first := name
	if i := strings.IndexByte(name, ' '); i > 0 {
		first = name[:i]
	}
	var out []string
	who := fl.Family.Supporter
	switch {
	case !fl.Family.Active() && who != "" && about:
		out = append(out, who+" was de cliëntondersteuner van "+first+".")
	case !fl.Family.Active() && who != "":
		out = append(out, who+" was uw cliëntondersteuner.")
	case who == "" && about:
		out = append(out, first+" heeft nu geen cliëntondersteuner.")
	case who == "":
		out = append(out, "U heeft nu geen cliëntondersteuner.")
	case about:
		out = append(out, who+" is de cliëntondersteuner van "+first+".")
	default:
		out = append(out, who+" is uw cliëntondersteuner.")
	}
	if fl.Ended {
		out = append(out, "De hulp is gestopt op "+fl.Ending.EndedOn.Format("02-01-2006")+".", "Waarom? "+fl.Ending.Reason.Label()+".")
		return out
	}
	var open int
	for _, g := range fl.Goals {
		if g.Progress < 100 {
			open++
		}
	}
	if open == 0 {
		out = append(out, "Er zijn nu geen doelen.")
		return out
	}
	if about {
		out = append(out, "Samen met "+first+" werkt "+orElse(who, "de ondersteuner")+" aan deze doelen:")
	} else {
		out = append(out, orElse(who, "De ondersteuner")+" werkt samen met u aan deze doelen:")
	}
	for _, g := range fl.Goals {
		if g.Progress >= 100 {
			continue
		}
		line := g.Domain.Label() + ": " + g.Goal + "."
		if g.NextStep != "" {
			line += " Wat is de volgende stap? " + g.NextStep + "."
		}
		out = append(out, strings.ReplaceAll(line, "..", "."))
	}
	return out
}

func orElse(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
