package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

// The three-party conversation guide (issue 14): the client, a relative
// and a professional talk through fixed steps, each from their own
// perspective, and record their agreements and a follow-up date. It is
// kept per client as part of the client's record: the register decides
// who reaches it (clients.AuthorityFor, subject "plan"), every read and
// change is audited, and it is the module's section of the inzage.

// objectConversation is the audit object code of a conversation.
const objectConversation = "conversation_guide"

// Step is one step of the guide with its prompt for each party.
type Step struct {
	Key    string
	Title  string
	Prompt map[string]string // party → question
}

// Parties of the conversation.
const (
	PartyClient       = "client"
	PartyRelative     = "naaste"
	PartyProfessional = "professional"
)

// Parties in the order the guide shows them, with their Dutch names.
func Parties() []Option {
	return []Option{{PartyClient, "Cliënt", "Client"}, {PartyRelative, "Naaste", "Relative"}, {PartyProfessional, "Professional", "Professional"}}
}

// Steps are the guide's step prompts.
func Steps() []Step {
	return []Step{
		{Key: "goed", Title: "Wat gaat er goed?", Prompt: map[string]string{
			PartyClient: "Wat vindt u fijn aan uw leven nu?", PartyRelative: "Wat gaat er goed in de zorg en in uw contact?", PartyProfessional: "Wat ziet u dat goed werkt?"}},
		{Key: "zorgen", Title: "Waar maakt u zich zorgen over?", Prompt: map[string]string{
			PartyClient: "Waar bent u bang voor of wat vindt u moeilijk?", PartyRelative: "Wat houdt u bezig als u aan later denkt?", PartyProfessional: "Welke risico’s ziet u?"}},
		{Key: "later", Title: "Wat als de naaste het niet meer kan?", Prompt: map[string]string{
			PartyClient: "Wie wilt u dan om u heen?", PartyRelative: "Wat moet een ander weten en overnemen?", PartyProfessional: "Wat kan de zorg overnemen, en wat niet?"}},
		{Key: "wie", Title: "Wie doet wat?", Prompt: map[string]string{
			PartyClient: "Wat wilt u zelf doen of beslissen?", PartyRelative: "Wat blijft u doen, wat geeft u uit handen?", PartyProfessional: "Wat neemt u op in het ondersteuningsplan?"}},
	}
}

// Conversation is one recorded conversation.
type Conversation struct {
	ID         int64
	ClientID   int64
	ClientName string
	Topic      string
	HeldOn     time.Time
	FollowUp   time.Time
	// Views: step key → party → what that party said.
	Views      map[string]map[string]string
	Agreements []Agreement
	CreatedBy  int64
	UpdatedBy  int64
	UpdatedAt  time.Time
	// UpdatedName names who last changed it.
	UpdatedName string
}

// Agreement is one agreement: what, and who does it.
type Agreement struct {
	What string `json:"what"`
	Who  string `json:"who"`
}

// ConversationInput is the form.
type ConversationInput struct {
	ClientID   int64
	Topic      string
	HeldOn     string
	FollowUp   string
	Views      map[string]map[string]string
	Agreements []Agreement
}

// maxAgreements is the number of agreement rows the form offers.
const maxAgreements = 6

func (in ConversationInput) validate() (Conversation, error) {
	var errs []web.FieldError
	bad := func(field, nl, en string) {
		errs = append(errs, web.FieldError{Field: field, Message: nl, English: en})
	}
	c := Conversation{ClientID: in.ClientID, Topic: strings.TrimSpace(in.Topic), Views: map[string]map[string]string{}}
	if in.ClientID <= 0 {
		bad("client", "Kies de cliënt met wie u het gesprek voerde.", "Choose the client you had the conversation with.")
	}
	if c.Topic == "" {
		bad("topic", "Vul het onderwerp van het gesprek in.", "Enter the topic of the conversation.")
	} else if utf8.RuneCountInString(c.Topic) > 200 {
		bad("topic", "Maak het onderwerp korter: hoogstens 200 tekens.", "Make the topic shorter: at most 200 characters.")
	}
	held, err := web.ParseDate(in.HeldOn)
	if strings.TrimSpace(in.HeldOn) == "" {
		bad("held_on", "Vul de datum van het gesprek in (dd-mm-jjjj).", "Enter the date of the conversation (dd-mm-yyyy).")
	} else if err != nil {
		bad("held_on", "Vul de datum van het gesprek in als dd-mm-jjjj, bijvoorbeeld 03-03-2026.", "Enter the date of the conversation as dd-mm-yyyy, for example 03-03-2026.")
	}
	follow, ferr := web.ParseDate(in.FollowUp)
	switch {
	case strings.TrimSpace(in.FollowUp) == "":
		bad("follow_up", "Vul een datum in waarop u het gesprek vervolgt (dd-mm-jjjj).", "Enter a date to follow up the conversation (dd-mm-yyyy).")
	case ferr != nil:
		bad("follow_up", "Vul de vervolgdatum in als dd-mm-jjjj, bijvoorbeeld 01-09-2026.", "Enter the follow-up date as dd-mm-yyyy, for example 01-09-2026.")
	case err == nil && !follow.After(held):
		bad("follow_up", "De vervolgdatum moet na de datum van het gesprek liggen.", "The follow-up date must be after the date of the conversation.")
	}
	c.HeldOn, c.FollowUp = held, follow
	any := false
	for _, st := range Steps() {
		for _, pt := range Parties() {
			v := strings.TrimSpace(in.Views[st.Key][pt.Code])
			if v == "" {
				continue
			}
			if utf8.RuneCountInString(v) > 4000 {
				bad(viewField(st.Key, pt.Code), "Maak deze tekst korter: hoogstens 4.000 tekens.", "Make this text shorter: at most 4,000 characters.")
			}
			if c.Views[st.Key] == nil {
				c.Views[st.Key] = map[string]string{}
			}
			c.Views[st.Key][pt.Code] = v
			any = true
		}
	}
	if !any {
		bad(viewField("goed", PartyClient), "Schrijf bij ten minste één stap op wat iemand zei.", "Write down at least one thing someone said at a step.")
	}
	for i, a := range in.Agreements {
		a.What, a.Who = strings.TrimSpace(a.What), strings.TrimSpace(a.Who)
		switch {
		case a.What == "" && a.Who == "":
			continue
		case a.What == "":
			bad("agreement_what_"+strconv.Itoa(i+1), "Vul bij deze afspraak in wat er wordt afgesproken, of maak ook ‘wie’ leeg.", "Enter what is agreed, or also clear ‘who’.")
		case utf8.RuneCountInString(a.What) > 500 || utf8.RuneCountInString(a.Who) > 100:
			bad("agreement_what_"+strconv.Itoa(i+1), "Maak deze afspraak korter.", "Make this agreement shorter.")
		}
		c.Agreements = append(c.Agreements, a)
	}
	if len(errs) > 0 {
		return Conversation{}, web.Invalid(errs...)
	}
	return c, nil
}

func viewField(step, party string) string { return "view_" + step + "_" + party }

// purposeFor is the audit purpose of p's access to a conversation.
func purposeFor(p *auth.Principal, a clients.Authority) string {
	switch {
	case p.Role == auth.RoleClient || a.Representative:
		return audit.PurposeClientAccess
	case p.Role == auth.RoleOndersteuner:
		return audit.PurposeSupport
	}
	return audit.PurposeCare
}

// guideRoles may use the guide.
var guideRoles = []auth.Role{auth.RoleClient, auth.RoleNaaste, auth.RoleZorgverlener, auth.RoleOndersteuner}

// authority decides p's access to a client's conversations: read (list,
// open) or act (write). A refusal is a 404 for a client outside the
// reader's reach (never telling whether it exists), recorded as denied.
func (s *Service) authority(ctx context.Context, p *auth.Principal, clientID int64, act bool) (clients.Authority, error) {
	refused := web.NotFound("Deze cliënt is niet gevonden of valt buiten uw toegang.", "This client was not found or is outside your access.")
	a, err := s.reg.AuthorityFor(ctx, p, clientID, clients.SubjectPlan)
	if errors.Is(err, clients.ErrNotFound) {
		return a, refused
	}
	if err != nil {
		return a, err
	}
	if !a.Read || act && !a.Act {
		ev := a.Audit(audit.Event{Action: audit.ActionRead, Outcome: audit.OutcomeDenied, ClientID: clientID, Object: objectConversation, Purpose: purposeFor(p, a)})
		if act {
			ev.Action = audit.ActionUpdate
		}
		if err := s.aud.Record(ctx, p, ev); err != nil {
			return a, err
		}
		return a, refused
	}
	return a, nil
}

// Conversations lists a client's conversations for p, audited as one read.
func (s *Service) Conversations(ctx context.Context, p *auth.Principal, clientID int64) ([]Conversation, error) {
	a, err := s.authority(ctx, p, clientID, false)
	if err != nil {
		return nil, err
	}
	cs, err := s.store.conversations(ctx, clientID)
	if err != nil {
		return nil, err
	}
	if err := s.aud.Record(ctx, p, a.Audit(audit.Event{Action: audit.ActionRead, ClientID: clientID, Object: objectConversation, Purpose: purposeFor(p, a)})); err != nil {
		return nil, err
	}
	return cs, s.nameConversations(ctx, cs)
}

// Conversation opens one conversation for p, audited.
func (s *Service) Conversation(ctx context.Context, p *auth.Principal, id int64) (Conversation, clients.Authority, error) {
	c, err := s.store.conversation(ctx, s.d, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Conversation{}, clients.Authority{}, web.NotFound("Dit gesprek bestaat niet of valt buiten uw toegang.", "This conversation does not exist or is outside your access.")
	}
	if err != nil {
		return Conversation{}, clients.Authority{}, err
	}
	a, err := s.authority(ctx, p, c.ClientID, false)
	if err != nil {
		return Conversation{}, a, web.NotFound("Dit gesprek bestaat niet of valt buiten uw toegang.", "This conversation does not exist or is outside your access.")
	}
	if err := s.aud.Record(ctx, p, a.Audit(audit.Event{Action: audit.ActionRead, ClientID: c.ClientID, Object: objectConversation, ObjectID: strconv.FormatInt(id, 10), Purpose: purposeFor(p, a)})); err != nil {
		return Conversation{}, a, err
	}
	cs := []Conversation{c}
	err = s.nameConversations(ctx, cs)
	return cs[0], a, err
}

func (s *Service) nameConversations(ctx context.Context, cs []Conversation) error {
	if len(cs) == 0 {
		return nil
	}
	var cids, uids []int64
	for _, c := range cs {
		cids, uids = append(cids, c.ClientID), append(uids, c.UpdatedBy)
	}
	cn, err := s.reg.Names(ctx, cids)
	if err != nil {
		return err
	}
	un, err := s.users.DisplayNames(ctx, uids)
	if err != nil {
		return err
	}
	for i := range cs {
		cs[i].ClientName, cs[i].UpdatedName = cn[cs[i].ClientID], un[cs[i].UpdatedBy]
	}
	return nil
}

// SaveConversation writes a new conversation (id 0) or changes one; the
// whole form is checked first and nothing is written on an error.
func (s *Service) SaveConversation(ctx context.Context, p *auth.Principal, id int64, in ConversationInput) (int64, error) {
	if id != 0 {
		old, err := s.store.conversation(ctx, s.d, id)
		if err != nil {
			return 0, web.NotFound("Dit gesprek bestaat niet of valt buiten uw toegang.", "This conversation does not exist or is outside your access.")
		}
		in.ClientID = old.ClientID
	}
	// A client outside the writer's reach is refused before the form is
	// judged, so the answer never tells whether that client exists.
	var a clients.Authority
	if in.ClientID > 0 {
		var err error
		if a, err = s.authority(ctx, p, in.ClientID, true); err != nil {
			return 0, err
		}
	}
	c, err := in.validate()
	if err != nil {
		return 0, err
	}
	now := s.now()
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		action := audit.ActionUpdate
		if id == 0 {
			action = audit.ActionCreate
			if id, err = s.store.insertConversation(ctx, tx, c, p.UserID, now); err != nil {
				return err
			}
		} else if err := s.store.updateConversation(ctx, tx, id, c, p.UserID, now); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, p, a.Audit(audit.Event{Action: action, ClientID: c.ClientID, Object: objectConversation, ObjectID: strconv.FormatInt(id, 10), Purpose: purposeFor(p, a)}))
	})
	return id, err
}

// conversationInzage is the module's section of the client's inzage: every
// conversation with what each party said, the agreements and the
// follow-up date. The register audits the export itself.
func (s *Service) conversationInzage(ctx context.Context, clientID int64) (clients.Section, error) {
	cs, err := s.store.conversations(ctx, clientID)
	if err != nil {
		return clients.Section{}, err
	}
	sec := clients.Section{Key: "knowledge", Title: "Driegesprekken", Intro: "Gesprekken tussen u, uw naaste en een professional over nu en later, met de afspraken."}
	if len(cs) == 0 {
		sec.Fields = []clients.Field{{Label: "Driegesprekken", Value: "Geen"}}
		return sec, nil
	}
	tbl := clients.SectionTable{Caption: "Driegesprekken", Header: []string{"Datum", "Onderwerp", "Wat er gezegd is", "Afspraken", "Vervolg op"}}
	for _, c := range cs {
		var said, agreed []string
		for _, st := range Steps() {
			for _, pt := range Parties() {
				if v := c.Views[st.Key][pt.Code]; v != "" {
					said = append(said, st.Title+" "+pt.Label+": "+v)
				}
			}
		}
		for _, a := range c.Agreements {
			line := a.What
			if a.Who != "" {
				line += " (" + a.Who + ")"
			}
			agreed = append(agreed, line)
		}
		tbl.Rows = append(tbl.Rows, []string{c.HeldOn.Format("02-01-2006"), c.Topic, strings.Join(said, "\n"), strings.Join(agreed, "\n"), c.FollowUp.Format("02-01-2006")})
	}
	sec.Tables = []clients.SectionTable{tbl}
	return sec, nil
}
