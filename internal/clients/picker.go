package clients

import (
	"context"
	"html/template"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// The client picker is how every form that needs a client finds one
// (issue 11: nobody types an internal number): the complex-care
// registration, the crisis report, the sensor link form and whoever comes
// next. The register owns it because the register owns the rules it
// applies: whom a role may see (the policy, in SQL and per row), whether a
// BSN may be searched, and the audit entry of every search (NEN 7513, as
// the client list does).
//
// Without JavaScript it is a GET form of its own on the module's page: a
// search field, the results as radio buttons "Naam — geboren dd-mm-jjjj —
// regio" and a button to choose; the chosen client comes back as the
// query parameter Field and the module's POST form carries it as a hidden
// field (template "client-picked"). The module checks the posted id with
// Find again, so a forged id outside the scope is refused like a search
// would have.

// PickerMax is how many results the picker shows: enough to choose from,
// few enough to read; a longer list asks for a narrower search.
const PickerMax = 10

// PickRequest is what a module asks the picker.
type PickRequest struct {
	// Field is the form field carrying the chosen client's id, e.g.
	// "client"; the search field is Field+"_zoek".
	Field string
	// Action is the page the picker's GET form submits to: the module's
	// form page itself.
	Action string
	// Query is what the user typed: part of a name, a birth date
	// (dd-mm-jjjj), both, or a whole BSN (for the roles that may).
	Query string
	// Chosen is the id of the client already chosen (0 = none).
	Chosen int64
	// Keep, when set, narrows the results to the clients this form can
	// use (e.g. those cared for at a sensor's location). Clients it drops
	// are not shown and not recorded as seen.
	Keep func(ctx context.Context, id int64) (bool, error)
	// Hidden are other query parameters the picker's GET form must keep
	// (name → value), e.g. the page a form came from.
	Hidden map[string]string
}

// PickOption is one client the picker offers.
type PickOption struct {
	ID    int64
	Label string // "Naam — geboren dd-mm-jjjj — Utrecht (ZK11)"
	Name  string
	// Born (dd-mm-jjjj, "" when unknown) and Region are Label's parts,
	// so the picker page can put the words between them in the reader's
	// language: Label is Dutch only.
	Born   string
	Region string
}

// Pick is the picker's state for the template and the module's handler.
type Pick struct {
	PickRequest
	Searched bool // a search was made (results may be empty)
	Options  []PickOption
	More     bool // more clients matched than are shown
	// Picked is the chosen client when Chosen is one p may use; zero ID
	// otherwise (then Refused tells whether an id was given but refused).
	Picked  PickOption
	Refused bool
	// BSNSearch tells the page whether the role may search by BSN, so
	// the hint does not invite what the role may not do.
	BSNSearch bool
}

// Error is the field error for a form that needs a client but has none.
func (k Pick) Error() web.FieldError {
	if k.Refused {
		return web.FieldError{Field: k.Field, Message: "Deze cliënt kunt u hier niet kiezen. Zoek de cliënt op naam, geboortedatum of BSN en kies uit de resultaten.",
			English: "You cannot choose this client here. Search the client by name, birth date or BSN and choose from the results."}
	}
	return web.FieldError{Field: k.Field, Message: "Zoek de cliënt op naam, geboortedatum of BSN en kies uit de resultaten.",
		English: "Search the client by name, birth date or BSN and choose from the results."}
}

// Find runs the picker for p: the search, when there is a query, and the
// check of the chosen client, when there is one. Every client shown or
// chosen is recorded in the audit log as seen by p, one entry each.
func (s *Service) Find(ctx context.Context, p *auth.Principal, req PickRequest) (Pick, error) {
	k := Pick{PickRequest: req, BSNSearch: s.mayUseBSN(p)}
	k.Query = strings.TrimSpace(k.Query)
	if utf8.RuneCountInString(k.Query) > 100 {
		k.Query = string([]rune(k.Query)[:100])
	}
	if k.Chosen > 0 {
		opt, ok, err := s.pickOne(ctx, p, k.Chosen, req.Keep)
		if err != nil {
			return k, err
		}
		if ok {
			k.Picked = opt
		} else {
			k.Refused = true
		}
	}
	if k.Query == "" || k.Picked.ID != 0 {
		return k, nil
	}
	k.Searched = true
	if looksLikeBSN(k.Query) && !k.BSNSearch {
		// A role without a basis for the BSN does not learn, by searching,
		// who has one.
		return k, s.auditList(ctx, p, k.Query, nil)
	}
	// Read more than shown: Keep may drop some, and More must be true.
	items, _, err := s.List(ctx, p, k.Query, 1)
	if err != nil {
		return k, err
	}
	var shown []ListItem
	for _, it := range items {
		if req.Keep != nil {
			ok, err := req.Keep(ctx, it.ID)
			if err != nil {
				return k, err
			}
			if !ok {
				continue
			}
		}
		if len(shown) == PickerMax {
			k.More = true
			break
		}
		shown = append(shown, it)
	}
	for _, it := range shown {
		k.Options = append(k.Options, pickOption(it.ID, it.Name, it))
	}
	return k, s.auditList(ctx, p, k.Query, shown)
}

// pickOne checks that p may use client id in this form and reads its
// label; a refusal is audited as denied, like opening the record.
func (s *Service) pickOne(ctx context.Context, p *auth.Principal, id int64, keep func(context.Context, int64) (bool, error)) (PickOption, bool, error) {
	ref, err := s.Ref(ctx, id)
	if err != nil {
		// An unknown id is a refusal, not a failure: the value came from
		// a form.
		return PickOption{}, false, nil
	}
	ok := s.policy.CanSeeClient(p, ref)
	if ok && keep != nil {
		if ok, err = keep(ctx, id); err != nil {
			return PickOption{}, false, err
		}
	}
	if !ok {
		err := s.audit(ctx, p, audit.Event{Action: audit.ActionRead, Outcome: audit.OutcomeDenied, ClientID: id, Object: "client_pick", ObjectID: strconv.FormatInt(id, 10), Purpose: purposeOf(p.Role)})
		return PickOption{}, false, err
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return PickOption{}, false, err
	}
	if err := s.audit(ctx, p, audit.Event{Action: audit.ActionRead, ClientID: id, Object: "client_pick", ObjectID: strconv.FormatInt(id, 10), Purpose: purposeOf(p.Role)}); err != nil {
		return PickOption{}, false, err
	}
	return pickOption(id, c.Name, ListItem{BirthDate: c.BirthDate, Region: c.Region}), true, nil
}

// pickOption is the option for client id: its Dutch label and the parts
// the page translates.
func pickOption(id int64, name string, it ListItem) PickOption {
	o := PickOption{ID: id, Name: name, Label: pickLabel(name, it), Region: it.RegionLabel()}
	if !it.BirthDate.IsZero() {
		o.Born = it.BirthDate.Format("02-01-2006")
	}
	return o
}

// pickLabel is the line a person recognises a client by: name, birth date
// and region by name, never the internal number.
func pickLabel(name string, it ListItem) string {
	parts := []string{name}
	if !it.BirthDate.IsZero() {
		parts = append(parts, "geboren "+it.BirthDate.Format("02-01-2006"))
	} else {
		parts = append(parts, "geboortedatum onbekend")
	}
	if l := it.RegionLabel(); l != "" {
		parts = append(parts, l)
	}
	return strings.Join(parts, " — ")
}

// mayUseBSN reports whether p may search by BSN: the roles that may see
// and record one (DESIGN §1). The list's BSN search is the same rule.
func (s *Service) mayUseBSN(p *auth.Principal) bool { return p != nil && mayEnterBSN(p.Role) }

// MayEnterBSN reports whether a role may record (and so search by) a BSN:
// a form that creates a client elsewhere (the crisis report) shows the BSN
// field only then.
func MayEnterBSN(r auth.Role) bool { return mayEnterBSN(r) }

// MayCreate reports whether a role may register a client through the
// register's own form and API.
func MayCreate(r auth.Role) bool { return creators().AllowsRole(r) }

// MayRegisterAtCrisis reports whether a role may register a person not yet
// in the register together with a crisis report: every creator, and the
// C.O.T. A crisis team at night meets people nobody registered yet and
// must be able to report them (issue 11); it gets no more than that. The
// C.O.T. may not use the register's form (MayCreate stays false), records
// only what the report needs (name, birth date, region of its own scope,
// a BSN when known), gets no care relation from it (the team reaches the
// record only when the director assigns it, as for any client; the
// reporter sees the report itself), and the creation is audited for the
// purpose crisis by the crisis module in the report's transaction.
func MayRegisterAtCrisis(r auth.Role) bool { return MayCreate(r) || r == auth.RoleCOT }

// ParsePicker adds the picker's templates ("client-picker", the search
// form, and "client-picked", the hidden field for the module's own form)
// to a module's page template made by rd.Parse, and the picker's texts to
// rd's catalog, so a module's pages translate without the register's
// pages being served.
func ParsePicker(rd *web.Renderer, t *template.Template) *template.Template {
	rd.Catalog.Add(pickerTranslations())
	return template.Must(t.ParseFS(templateFS, "templates/picker.html"))
}
