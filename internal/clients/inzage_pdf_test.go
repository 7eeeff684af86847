package clients

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

// TestInzagePDFPrintsEveryName: the right-of-access PDF prints names as
// written, also those outside Windows-1252 (Turkish, Polish, Czech), which
// the PDF's core fonts could not show (issue: "a PDF that prints every
// name"). pdftotext reads them back from the file.
func TestInzagePDFPrintsEveryName(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		ctx := context.Background()
		id, err := h.s.Create(ctx, nil, NewClient{Name: "Ayşe Yılmaz", BirthDate: time.Date(1988, 5, 4, 0, 0, 0, 0, time.UTC), Region: "ZK-UTR", BSN: "123456782"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.s.AddCareRelation(ctx, nil, CareRelation{ClientID: id, Kind: CareLocation, RefID: 7, Label: "Dvořák-huis"}); err != nil {
			t.Fatal(err)
		}
		if err := h.s.LinkClientAccount(ctx, nil, 800, id); err != nil {
			t.Fatal(err)
		}
		if _, err := h.s.AddRepresentative(ctx, nil, Representative{ClientID: id, UserID: 900, Name: "Łukasz Dvořák", Relation: RelNaaste, MayAct: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.s.AddRepresentative(ctx, nil, Representative{ClientID: id, UserID: 901, Name: "Zoë", Relation: RelCurator, MayAct: true}); err != nil {
			t.Fatal(err)
		}
		client := &auth.Principal{UserID: 800, Role: auth.RoleClient, Scope: auth.Scope{ClientID: id}}
		w := h.do(client, "GET", "/mijn/gegevens.pdf", nil)
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" {
			t.Fatalf("right-of-access PDF: %d %s", w.Code, w.Header().Get("Content-Type"))
		}
		text := pdfText(t, w.Body.Bytes())
		for _, want := range []string{"Ayşe Yılmaz", "Zoë", "Łukasz Dvořák", "Dvořák-huis"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF does not print %q:\n%s", want, text)
			}
		}
	})
}
