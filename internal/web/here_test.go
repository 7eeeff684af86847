package web

import (
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
)

// The language and easy-read switches return to the page with its query
// (a region filter, a page number), not to the bare path.
func TestSwitchesKeepTheQuery(t *testing.T) {
	rd := NewRenderer(NewRouter(), slog.New(slog.DiscardHandler))
	rec := httptest.NewRecorder()
	rd.ErrorPage(rec, httptest.NewRequest("GET", "/complexe-zorg/register?regio=ZK11&pagina=2", nil), NotFound("Niet gevonden.", "Not found."))
	body := strings.ToLower(rec.Body.String())
	want := "terug=%2fcomplexe-zorg%2fregister%3fregio%3dzk11%26pagina%3d2"
	if strings.Count(body, want) != 2 {
		t.Errorf("the language and easy-read links do not return to the page with its query (%s):\n%s", want, body)
	}
}
