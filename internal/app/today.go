package app

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/module"
	"github.com/volwaardig/volwaardig/internal/web"
)

// today lists what waits for the request's person on their start page:
// every module that offers module.Today adds its tasks, in the module
// list's order. The programme has no cases of its own, so its start page
// shows the modules' current figures, small counts of people hidden as
// the monitor hides them.
func (a *App) today(r *http.Request) ([]web.Task, error) {
	p := auth.FromContext(r.Context())
	if p == nil {
		return nil, nil
	}
	var out []web.Task
	if p.Role == auth.RoleProgramma {
		return a.figureTasks(r)
	}
	if p.Role == auth.RoleBeheerder {
		out = append(out, a.adminTasks(r)...)
	}
	for _, m := range a.modules {
		t, ok := m.(module.Today)
		if !ok {
			continue
		}
		ts, err := t.Today(r.Context(), p)
		if err != nil {
			return nil, fmt.Errorf("%s: today: %w", m.Name(), err)
		}
		out = append(out, ts...)
	}
	return out, nil
}

// figureTasks turns the modules' programme figures into start-page lines
// that link to the monitor pages; a count of 1–4 people reads "minder
// dan 5".
func (a *App) figureTasks(r *http.Request) ([]web.Task, error) {
	var figs []module.Figure
	for _, mf := range a.allFigures(r.Context()) {
		if mf.Err != nil {
			return nil, fmt.Errorf("%s: figures: %w", mf.Module, mf.Err)
		}
		figs = append(figs, mf.Figures...)
	}
	f := a.Renderer.Fmt
	out := make([]web.Task, 0, len(figs))
	for _, fig := range figs {
		if fig.Region != "" {
			continue // the start page shows the national line only
		}
		if fig.Decimals > 0 {
			x := float64(fig.Value)
			for range fig.Decimals {
				x /= 10
			}
			out = append(out, web.Task{Label: fig.Label + ": " + f.Number(x, fig.Decimals), LabelEN: fig.LabelEN + ": " + strconv.FormatFloat(x, 'f', fig.Decimals, 64), Href: figureHref(fig.Key)})
			continue
		}
		n := web.Shown(fig.Value)
		if fig.Persons {
			var c web.Counts
			i := c.Count(fig.Value)
			c.Suppress()
			n = c.Value(i)
		}
		value, valueEN := f.Int(int64(n.N)), f.Int(int64(n.N))
		if n.Hidden {
			value, valueEN = web.HiddenWords, a.Renderer.Catalog.Translate(web.LangEN, web.HiddenWords)
		}
		out = append(out, web.Task{Label: fig.Label + ": " + value, LabelEN: fig.LabelEN + ": " + valueEN, Href: figureHref(fig.Key)})
	}
	return out, nil
}

// adminTasks is what waits for the platform administrator: background jobs
// whose last round failed (deadlines not checked, mail not sent) and
// accounts to look after. It names no client and reads no health data.
func (a *App) adminTasks(r *http.Request) []web.Task {
	var out []web.Task
	f := a.Renderer.Fmt
	for _, j := range a.jobStats.Failing() {
		out = append(out, web.Task{Urgent: true, Count: 1,
			Label:   "Achtergrondtaak " + j.Name + " mislukte bij de laatste ronde",
			LabelEN: "Background job " + j.Name + " failed in its last round",
			Note:    "om " + f.DateTime(j.At) + "; zie het serverlog", NoteEN: "at " + f.DateTime(j.At) + "; see the server log"})
	}
	users, err := a.Auth.Users(r.Context())
	if err != nil {
		out = append(out, web.Task{Urgent: true, Label: "De accounts konden niet worden gelezen", LabelEN: "The accounts could not be read"})
		return out
	}
	blocked, noFactor := 0, 0
	for _, u := range users {
		switch {
		case u.Disabled:
			blocked++
		case !u.Demo && u.Role.Professional() && !u.TOTPEnabled && u.OIDCSubject == "":
			noFactor++
		}
	}
	if noFactor > 0 {
		out = append(out, web.Task{Count: noFactor, Href: "/beheer/accounts",
			Label:   web.Plural(noFactor, "professional heeft", "professionals hebben") + " nog geen tweede factor (zij stellen die in bij de volgende keer inloggen)",
			LabelEN: web.Plural(noFactor, "professional has", "professionals have") + " no second factor yet (they set one up at their next login)"})
	}
	if blocked > 0 {
		out = append(out, web.Task{Count: blocked, Href: "/beheer/accounts",
			Label:   web.Plural(blocked, "account is", "accounts zijn") + " geblokkeerd",
			LabelEN: web.Plural(blocked, "account is", "accounts are") + " blocked"})
	}
	return out
}

// figureHref is the monitor page the programme may open for a figure.
func figureHref(key string) string {
	switch {
	case strings.HasPrefix(key, "crisis."):
		return "/crisis/monitor"
	case strings.HasPrefix(key, "placement."):
		return "/complexe-zorg/cijfers"
	}
	return "/monitor" // the programme monitor shows every module's figures
}
