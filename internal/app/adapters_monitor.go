package app

import (
	"context"
	"sync"
	"time"

	"github.com/volwaardig/volwaardig/internal/monitor"
)

// monitorFigures gives the monitor the figures of every other built
// module, read at the moment it asks (modules do not import each other).
// A module that fails is reported with its error, so the monitor shows
// its indicators as not available and the rest still work.
type monitorFigures struct{ a *App }

var _ monitor.FigureSource = monitorFigures{}

func (f monitorFigures) AllFigures(ctx context.Context) []monitor.ModuleFigures {
	return f.a.allFigures(ctx)
}

// figureCache keeps one reading of every module's figures for a while.
// The mutex is held while a reading is taken, so requests that arrive
// meanwhile wait for that one reading instead of each counting again.
type figureCache struct {
	mu   sync.Mutex
	at   time.Time
	read []monitor.ModuleFigures
}

// allFigures is every module's figures (the monitor has none of its own),
// reused for Config.FigureCacheTTL. A reading in which a module failed is
// not kept, so the next request tries again.
func (a *App) allFigures(ctx context.Context) []monitor.ModuleFigures {
	c := &a.figures
	c.mu.Lock()
	defer c.mu.Unlock()
	if a.cfg.FigureCacheTTL > 0 && c.read != nil && time.Since(c.at) < a.cfg.FigureCacheTTL {
		return c.read
	}
	var out []monitor.ModuleFigures
	failed := false
	for _, m := range a.modules {
		if m.Name() == "monitor" {
			continue
		}
		fs, err := m.Figures(ctx)
		failed = failed || err != nil
		out = append(out, monitor.ModuleFigures{Module: m.Name(), Figures: fs, Err: err})
	}
	if a.cfg.FigureCacheTTL > 0 && !failed {
		c.read, c.at = out, time.Now()
	}
	return out
}
