package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// TestMijnEasyReadIsItsOwnText: the client's home in easy-read has its own
// text with question headings ("Wat wilt u zien?", "Wie kan mij helpen?"),
// not the normal text in bigger letters (issue 11).
func TestMijnEasyReadIsItsOwnText(t *testing.T) {
	rt := NewRouter()
	rd := NewRenderer(rt, slog.New(slog.DiscardHandler))
	NewShell(rd, false).Routes(rt)
	client := &auth.Principal{UserID: 1, Role: auth.RoleClient, DisplayName: "Sanne"}
	get := func(easy bool) string {
		req := httptest.NewRequest("GET", "/mijn", nil)
		if easy {
			req.AddCookie(&http.Cookie{Name: EasyReadCookie, Value: "1"})
		}
		req = req.WithContext(auth.WithPrincipal(req.Context(), client))
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("/mijn: %d", rec.Code)
		}
		return rec.Body.String()
	}
	easy, normal := get(true), get(false)
	for _, q := range []string{"Wat wilt u zien?", "Wie kan mij helpen?"} {
		if !strings.Contains(easy, q) || strings.Contains(normal, q) {
			t.Errorf("%q: in easy-read %v, in the normal page %v", q, strings.Contains(easy, q), strings.Contains(normal, q))
		}
	}
	if !strings.Contains(normal, "Mijn pagina") {
		t.Error("normal page lost its heading")
	}
}
