package app

import (
	"context"

	"github.com/volwaardig/volwaardig/internal/monitor"
)

// monitorFigures gives the monitor the figures of every other built
// module, read at the moment it asks (modules do not import each other).
// A module that fails is reported with its error, so the monitor shows
// its indicators as not available and the rest still work.
type monitorFigures struct{ a *App }

var _ monitor.FigureSource = monitorFigures{}

func (f monitorFigures) AllFigures(ctx context.Context) []monitor.ModuleFigures {
	var out []monitor.ModuleFigures
	for _, m := range f.a.modules {
		if m.Name() == "monitor" {
			continue
		}
		fs, err := m.Figures(ctx)
		out = append(out, monitor.ModuleFigures{Module: m.Name(), Figures: fs, Err: err})
	}
	return out
}
