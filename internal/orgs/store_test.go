package orgs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
)

func withRegions(t *testing.T, d *db.DB) *Store {
	t.Helper()
	st := NewStore(d)
	for _, r := range CareOfficeRegions() {
		if err := st.AddRegion(context.Background(), d, r); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func TestOrganisationCodesStored(t *testing.T) {
	dbtest.Each(t, []db.Migrations{Migrations()}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := withRegions(t, d)
		// Typed with the spaces and dots people use; stored as digits.
		id, err := st.AddOrganisation(ctx, d, Organisation{Name: "Abrona", Kind: "aanbieder", Region: "ZK11", AGB: "4100 1234", KvK: "30.12.34.56"})
		if err != nil {
			t.Fatal(err)
		}
		o, err := st.Organisation(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if o.AGB != "41001234" || o.KvK != "30123456" || o.UZOVI != "" || o.Name != "Abrona" || o.Region != "ZK11" {
			t.Fatalf("read back %+v", o)
		}
		if got := o.Codes(); got != "AGB-code 41001234 · KvK-nummer 30123456" {
			t.Errorf("Codes() = %q", got)
		}
		// Two care offices run by one Wlz-uitvoerder may share a UZOVI code.
		zk1, err := st.AddOrganisation(ctx, d, Organisation{Name: "Zorgkantoor Utrecht", Kind: "zorgkantoor", Region: "ZK11", UZOVI: "5510"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddOrganisation(ctx, d, Organisation{Name: "Zorgkantoor Amersfoort", Kind: "zorgkantoor", Region: "ZK12", UZOVI: "5510"}); err != nil {
			t.Fatalf("shared UZOVI refused: %v", err)
		}
		// An AGB code belongs to one provider.
		if _, err := st.AddOrganisation(ctx, d, Organisation{Name: "Tweede", Kind: "aanbieder", Region: "ZK11", AGB: "41001234"}); err == nil {
			t.Error("a second organisation with the same AGB code was stored")
		}
		// Without codes any number of organisations may be added.
		for _, n := range []string{"Zonder 1", "Zonder 2"} {
			if _, err := st.AddOrganisation(ctx, d, Organisation{Name: n, Kind: "aanbieder", Region: "ZK11"}); err != nil {
				t.Fatalf("%s: %v", n, err)
			}
		}
		list, err := st.Organisations(ctx, "zorgkantoor")
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[1].UZOVI != "5510" {
			t.Errorf("care offices %+v", list)
		}
		found, err := st.OrganisationByCode(ctx, " 41001234 ")
		if err != nil || found.ID != id {
			t.Errorf("by AGB: %+v, %v", found, err)
		}
		found, err = st.OrganisationByCode(ctx, "5510")
		if err != nil || found.Kind != "zorgkantoor" {
			t.Errorf("by UZOVI: %+v, %v", found, err)
		}
		if _, err := st.OrganisationByCode(ctx, ""); !errors.Is(err, sql.ErrNoRows) {
			t.Errorf("empty code: %v", err)
		}
		if _, err := st.OrganisationByCode(ctx, "99999999"); !errors.Is(err, sql.ErrNoRows) {
			t.Errorf("unknown code: %v", err)
		}

		if err := st.SetCodes(ctx, d, zk1, "", "5511", "12345678"); err != nil {
			t.Fatal(err)
		}
		if o, _ := st.Organisation(ctx, zk1); o.UZOVI != "5511" || o.KvK != "12345678" {
			t.Errorf("after SetCodes %+v", o)
		}
		// A provider cannot get a UZOVI code; every wrong field is named.
		err = st.SetCodes(ctx, d, id, "123", "5510", "abc")
		var ce CodeErrors
		if !errors.As(err, &ce) || len(ce) != 3 || ce[0].Field != "agb" || ce[1].Field != "uzovi" || ce[2].Field != "kvk" {
			t.Fatalf("SetCodes with three wrong codes: %v", err)
		}
		if ce[1].Message != msgUZOVIKind {
			t.Errorf("UZOVI on a provider: %q", ce[1].Message)
		}
		if o, _ := st.Organisation(ctx, id); o.AGB != "41001234" {
			t.Errorf("refused SetCodes changed the row: %+v", o)
		}
		if err := st.SetCodes(ctx, d, 99999, "", "", ""); !errors.Is(err, sql.ErrNoRows) {
			t.Errorf("SetCodes on an unknown id: %v", err)
		}
	})
}

func TestCheckCodes(t *testing.T) {
	ok := []Organisation{
		{},
		{Kind: "aanbieder", AGB: "41001234", KvK: "01234567"},
		{Kind: "zorgkantoor", UZOVI: "0101"},
		{UZOVI: "5510"}, // kind not known yet: format only
	}
	for _, o := range ok {
		if errs := o.Normalised().CheckCodes(); errs != nil {
			t.Errorf("%+v: %v", o, errs)
		}
	}
	bad := map[string]Organisation{
		"agb":   {AGB: "4100123"},
		"uzovi": {UZOVI: "55100", Kind: "zorgkantoor"},
		"kvk":   {KvK: "1234567a"},
	}
	for field, o := range bad {
		errs := o.Normalised().CheckCodes()
		if len(errs) != 1 || errs[0].Field != field {
			t.Errorf("%s: %+v", field, errs)
		}
		if _, ok := Translations()[errs[0].Message]; !ok {
			t.Errorf("%s: message %q has no translation", field, errs[0].Message)
		}
	}
	for _, s := range []string{"41001234", " 4100 1234 ", "41-00-12-34"} {
		if !ValidAGB(s) || !ValidKvK(s) {
			t.Errorf("%q refused", s)
		}
	}
	for _, s := range []string{"", "4100123", "410012345", "4100123x", "٤١٠٠١٢٣٤"} {
		if ValidAGB(s) || ValidKvK(s) {
			t.Errorf("%q accepted", s)
		}
	}
	if !ValidUZOVI("5510") || ValidUZOVI("551") || ValidUZOVI("55100") {
		t.Error("UZOVI format")
	}
}

// FuzzCheckCodes feeds codes as a form or an import may send them: no
// panic, and a code that passes is exactly the digits it must be.
func FuzzCheckCodes(f *testing.F) {
	for _, s := range []string{"41001234", "4100 1234", "5510", "", "\x00", "１２３４５６７８", "12.34.56.78"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o := Organisation{Kind: "zorgkantoor", AGB: s, UZOVI: s, KvK: s}.Normalised()
		errs := o.CheckCodes()
		fields := map[string]bool{}
		for _, e := range errs {
			fields[e.Field] = true
		}
		if o.AGB != "" && !fields["agb"] && !allDigits(o.AGB, 8) {
			t.Fatalf("AGB %q passed", o.AGB)
		}
		if o.UZOVI != "" && !fields["uzovi"] && !allDigits(o.UZOVI, 4) {
			t.Fatalf("UZOVI %q passed", o.UZOVI)
		}
		if ValidAGB(s) != allDigits(o.AGB, 8) {
			t.Fatalf("ValidAGB(%q) disagrees with the normalised %q", s, o.AGB)
		}
	})
}

// Modules name providers through ByIDs instead of joining organisations:
// one query per 500 ids, unknown ids left out, codes included.
func TestByIDsAndRegionExists(t *testing.T) {
	dbtest.Each(t, []db.Migrations{Migrations()}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := withRegions(t, d)
		var ids []int64
		for i := range 510 {
			id, err := st.AddOrganisation(ctx, d, Organisation{Name: fmt.Sprintf("Aanbieder %03d", i), Kind: "aanbieder", Region: "ZK11"})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if err := st.SetCodes(ctx, d, ids[7], "41001234", "", ""); err != nil {
			t.Fatal(err)
		}
		q := &countingQuerier{Querier: d}
		got, err := st.ByIDs(ctx, q, append(append([]int64{}, ids...), ids[0], ids[len(ids)-1]+100))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(ids) || q.n != 2 {
			t.Errorf("%d organisations in %d queries, want %d in 2", len(got), q.n, len(ids))
		}
		if o := got[ids[7]]; o.Name != "Aanbieder 007" || o.AGB != "41001234" || o.Region != "ZK11" {
			t.Errorf("organisation %+v", o)
		}
		for code, want := range map[string]bool{"ZK11": true, "ZK99": false, "": false} {
			if ok, err := st.RegionExists(ctx, d, code); err != nil || ok != want {
				t.Errorf("RegionExists(%q) = %v, %v", code, ok, err)
			}
		}
	})
}

// countingQuerier counts the queries sent to the real database.
type countingQuerier struct {
	db.Querier
	n int
}

func (c *countingQuerier) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.Querier.QueryContext(ctx, q, args...)
}
