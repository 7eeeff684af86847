package app

import (
	"fmt"
	"net/http"
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
	for _, m := range a.modules {
		fs, err := m.Figures(r.Context())
		if err != nil {
			return nil, fmt.Errorf("%s: figures: %w", m.Name(), err)
		}
		figs = append(figs, fs...)
	}
	f := a.Renderer.Fmt
	out := make([]web.Task, 0, len(figs))
	for _, fig := range figs {
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

// figureHref is the monitor page the programme may open for a figure.
func figureHref(key string) string {
	switch {
	case strings.HasPrefix(key, "crisis."):
		return "/crisis/monitor"
	case strings.HasPrefix(key, "placement."):
		return "/complexe-zorg/cijfers"
	}
	return "" // no monitor page of its own: the line is shown without a link
}
